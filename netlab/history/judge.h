#pragma once

// Judging an imported history (history.h) with DistLab's linearizability checker
// (netlab/checks/linearizable.h): the register models go through check_linearizable(), the
// others through check_linearizable_model() with the sequential models here as thin adapters.

#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/history/history.h"

namespace distlab::netlab {

// The object a history is judged against (Knossos' and Porcupine's models):
//   register      read, write                           one value
//   cas-register  read, write, cas [old new]            one value
//   kv            get/read, put/write, cas, append       a register per key (:key, or a [key value] tuple)
//   set           add v, read → collection              a set
//   queue         enqueue v, dequeue → v (nil: empty)   a FIFO queue
//   counter       add n (inc: 1), read → n              an integer from 0
enum class HistoryModel { Register, CasRegister, Kv, Set, Queue, Counter };
std::optional<HistoryModel> parse_history_model(std::string_view name);
std::string_view to_string(HistoryModel model);
inline constexpr std::string_view kHistoryModels = "register, cas-register, kv, set, queue, counter";

struct Judgement {
    Verdict verdict = Verdict::Unknown;
    std::string summary;                    // one line, English
    std::string summary_zh;                 // the same in Chinese
    std::vector<std::string> explanation;   // the first counterexample, line by line (English)
    std::vector<std::string> explanation_zh;   // the same in Chinese
    std::optional<std::size_t> failed_op;   // index into History::ops: the op no order places
    std::vector<std::size_t> witness;       // the ops of the counterexample, sorted
    bool minimal = false;                   // witness is a failing sub-history by itself
    std::string partition;                  // the failing key ("" for one object)
    double seconds = 0;                     // time spent judging (not reading)
};

// An operation the model does not know, or a value of the wrong shape, is an input error naming
// the operation's position (`name` is the file).
std::expected<Judgement, HistoryError> judge_history(const History& history, HistoryModel model,
                                                     std::chrono::steady_clock::time_point deadline,
                                                     const std::string& name);

}  // namespace distlab::netlab

// A Maelstrom kafka node for the bring-your-own-node tests, written as a user would write one: one
// node holding every key's log. The first argument picks its behaviour:
//   correct     offsets 0, 1, 2, ... per key; a poll returns the log from the offset asked for
//   duplicate   every fifth send to a key is given the offset of the send before it
//   lose        polls leave out every message at an offset that is 3 modulo 4
// Later arguments only tag the process.

#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/maelstrom_node_io.h"

using Json = nlohmann::json;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "correct";
    distlab::test_support::NodeOutput out(std::cout);
    std::map<std::string, std::vector<std::pair<long, Json>>> logs;   // key -> (offset, message)
    std::map<std::string, long> sends;                                  // key -> sends so far
    std::map<std::string, long> committed;
    for (std::string line; std::getline(std::cin, line);) {
        const auto msg = distlab::test_support::parse_message(line);
        if (!msg)
            continue;
        const Json& body = (*msg)["body"];
        const std::string type = body.value("type", "");
        Json reply;
        if (type == "init") {
            out.set_self(body.value("node_id", ""));
            std::cerr << "kafka_node: I am " << out.self() << ", mode " << mode << std::endl;
            reply = {{"type", "init_ok"}};
        } else if (type == "send") {
            const std::string key = body["key"];
            auto& log = logs[key];
            long offset = log.empty() ? 0 : log.back().first + 1;
            if (mode == "duplicate" && ++sends[key] % 5 == 0 && !log.empty())
                offset = log.back().first;
            log.emplace_back(offset, body["msg"]);
            reply = {{"type", "send_ok"}, {"offset", offset}};
        } else if (type == "poll") {
            Json msgs = Json::object();
            for (const auto& [key, from] : body["offsets"].items()) {
                Json pairs = Json::array();
                for (const auto& [offset, message] : logs[key])
                    if (offset >= from.get<long>() && pairs.size() < 20 && !(mode == "lose" && offset % 4 == 3))
                        pairs.push_back(Json::array({offset, message}));
                if (!pairs.empty())
                    msgs[key] = pairs;
            }
            reply = {{"type", "poll_ok"}, {"msgs", msgs}};
        } else if (type == "commit_offsets") {
            for (const auto& [key, offset] : body["offsets"].items())
                committed[key] = std::max(committed[key], offset.get<long>());
            reply = {{"type", "commit_offsets_ok"}};
        } else if (type == "list_committed_offsets") {
            Json offsets = Json::object();
            for (const Json& key : body["keys"])
                if (committed.count(key))
                    offsets[key.get<std::string>()] = committed[key];
            reply = {{"type", "list_committed_offsets_ok"}, {"offsets", offsets}};
        } else {
            reply = {{"type", "error"}, {"code", 10}, {"text", "not supported: " + type}};
        }
        out.reply(*msg, std::move(reply));
    }
    return 0;
}

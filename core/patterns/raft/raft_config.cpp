#include "core/patterns/raft/raft_config.h"

#include <algorithm>

namespace distlab::core::raft {

std::vector<ParamSpec> RaftConfig::param_specs() {
    return {
        {.name = "election_timeout", .type = ParamType::DurationRange, .default_value = Json::array({"150ms", "300ms"}),
         .min = 1,
         .en = "A follower that hears no leader for a time drawn from this range starts an election",
         .zh = "跟随者在此范围内随机抽取的时间内未收到领导者消息，就发起选举"},
        {.name = "heartbeat", .type = ParamType::Duration, .default_value = "50ms", .min = 1,
         .en = "How often a leader sends AppendEntries to every follower, entries or not",
         .zh = "领导者向每个跟随者发送 AppendEntries（即使没有新条目）的间隔"},
        {.name = "pre_vote", .type = ParamType::Bool, .default_value = true,
         .en = "Ask for a pre-vote before raising the term, so a rejoining node cannot disrupt (thesis 9.6)",
         .zh = "提升任期前先进行预投票，使重新加入的节点无法扰乱集群（论文 9.6 节）"},
        {.name = "check_quorum", .type = ParamType::Bool, .default_value = true,
         .en = "A leader that has not heard from a majority for an election timeout steps down; "
               "followers that hear a leader ignore vote requests (thesis 6.2, 4.2.3)",
         .zh = "领导者在一个选举超时内未收到多数派回应即下台；能收到领导者消息的跟随者忽略投票请求（论文 6.2、4.2.3 节）"},
        {.name = "read_mode", .type = ParamType::Choice, .default_value = "read_index",
         .choices = {"read_index", "lease", "log"},
         .en = "Linearizable reads: confirm leadership per read (read_index), trust a lease (lease), "
               "or put reads in the log (log)",
         .zh = "线性一致读：每次读确认领导权（read_index）、依赖租约（lease），或让读走日志（log）"},
        {.name = "max_batch", .type = ParamType::Int, .default_value = 64, .min = 1, .max = 100000,
         .en = "At most this many entries in one AppendEntries",
         .zh = "一条 AppendEntries 最多携带的条目数"},
        {.name = "max_inflight", .type = ParamType::Int, .default_value = 4, .min = 1, .max = 1024,
         .en = "AppendEntries a leader may have unanswered per follower (pipelining)",
         .zh = "领导者对每个跟随者最多可有多少条未应答的 AppendEntries（流水线）"},
        {.name = "snapshot_threshold", .type = ParamType::Int, .default_value = 1000, .min = 0, .max = 100000000,
         .en = "Take a snapshot and compact the log after this many applied entries; 0 never",
         .zh = "每应用这么多条目后生成快照并压缩日志；0 表示从不"},
        {.name = "fsync", .type = ParamType::Bool, .default_value = true,
         .en = "Sync term, vote and log to disk before answering",
         .zh = "在应答前把任期、投票和日志同步写入磁盘"},
        {.name = "leader_noop", .type = ParamType::Bool, .default_value = true,
         .en = "A new leader appends a blank entry of its term at once and commits it (Raft 8), so it learns "
               "what is committed and can serve reads; off: its first client write does that, and until "
               "then reads and membership changes wait (as in the paper's Figure 8)",
         .zh = "新领导者立即追加并提交一个本任期的空条目（Raft 第 8 节），从而得知哪些条目已提交并能处理读请求；"
               "关闭时由它收到的第一个客户端写入承担此作用，在此之前读请求和成员变更都要等待（如论文图 8）"},
        {.name = "members", .type = ParamType::NodeList, .default_value = Json::array(),
         .en = "The initial cluster; empty: every node of the scenario that runs raft (clients are "
               "never members). A node not listed waits to be added",
         .zh = "初始集群成员；为空时为场景中所有运行 raft 的节点（客户端不是成员）。未列出的节点等待被加入"},
        {.name = "unsafe_commit_old_term", .type = ParamType::Bool, .default_value = false,
         .en = "Teaching bug: commit an earlier term's entry by counting replicas (Raft Figure 8)",
         .zh = "教学用缺陷：通过统计副本数提交较早任期的条目（Raft 图 8）"},
        {.name = "unsafe_vote_without_persist", .type = ParamType::Bool, .default_value = false,
         .en = "Teaching bug: grant a vote without storing votedFor, so a restart can vote twice",
         .zh = "教学用缺陷：投票时不持久化 votedFor，重启后可能在同一任期投两次票"},
        {.name = "fixed_election_timeout", .type = ParamType::Bool, .default_value = false,
         .en = "Teaching bug: no randomized timeout; candidates keep splitting the vote",
         .zh = "教学用缺陷：选举超时不随机化，候选者不断瓜分选票"},
        {.name = "unsafe_skip_log_check", .type = ParamType::Bool, .default_value = false,
         .en = "Teaching bug: grant votes without checking the candidate's log is up to date",
         .zh = "教学用缺陷：投票时不检查候选者的日志是否足够新"},
    };
}

RaftConfig RaftConfig::from(const Params& params) {
    RaftConfig c;
    const auto [lo, hi] = params.get_duration_range("election_timeout");
    c.election_min = std::max(lo, Duration(1ms));
    c.election_max = std::max(hi, c.election_min);
    c.heartbeat = std::max(params.get_duration("heartbeat"), Duration(1ms));
    c.pre_vote = params.get_bool("pre_vote");
    c.check_quorum = params.get_bool("check_quorum");
    const std::string mode = params.get_string("read_mode");
    c.read_mode = mode == "lease" ? ReadMode::Lease : mode == "log" ? ReadMode::Log : ReadMode::ReadIndex;
    c.max_batch = std::max<std::int64_t>(1, params.get_int("max_batch"));
    c.max_inflight = std::max<std::int64_t>(1, params.get_int("max_inflight"));
    c.snapshot_threshold = std::max<std::int64_t>(0, params.get_int("snapshot_threshold"));
    c.fsync = params.get_bool("fsync");
    c.leader_noop = params.get_bool("leader_noop");
    c.members = params.get_nodes("members");
    c.unsafe_commit_old_term = params.get_bool("unsafe_commit_old_term");
    c.unsafe_vote_without_persist = params.get_bool("unsafe_vote_without_persist");
    c.fixed_election_timeout = params.get_bool("fixed_election_timeout");
    c.unsafe_skip_log_check = params.get_bool("unsafe_skip_log_check");
    return c;
}

}  // namespace distlab::core::raft

#include "core/patterns/raft/raft_config.h"

namespace distlab::core::raft {

const ParamList<RaftConfig>& RaftConfig::params() {
    using C = RaftConfig;
    static const ParamList<C> list = ParamList<C>{}
        .duration_range(
            "election_timeout",
            [](C& c, std::pair<Duration, Duration> range) {
                c.election_min = range.first;
                c.election_max = range.second;
            },
            Json::array({"150ms", "300ms"}),
            "A follower that hears no leader for a time drawn from this range starts an election",
            "跟随者在此范围内随机抽取的时间内未收到领导者消息，就发起选举", {.min = 1})
        .duration("heartbeat", &C::heartbeat, "50ms",
                  "How often a leader sends AppendEntries to every follower, entries or not",
                  "领导者向每个跟随者发送 AppendEntries（即使没有新条目）的间隔", {.min = 1})
        .boolean("pre_vote", &C::pre_vote, true,
                 "Ask for a pre-vote before raising the term, so a rejoining node cannot disrupt (thesis 9.6)",
                 "提升任期前先进行预投票，使重新加入的节点无法扰乱集群（论文 9.6 节）")
        .boolean("check_quorum", &C::check_quorum, true,
                 "A leader that has not heard from a majority for an election timeout steps down; "
                 "followers that hear a leader ignore vote requests (thesis 6.2, 4.2.3)",
                 "领导者在一个选举超时内未收到多数派回应即下台；能收到领导者消息的跟随者忽略投票请求（论文 6.2、4.2.3 节）")
        .choice("read_mode", &C::read_mode, "read_index",
                {{"read_index", ReadMode::ReadIndex}, {"lease", ReadMode::Lease}, {"log", ReadMode::Log}},
                "Linearizable reads: confirm leadership per read (read_index), trust a lease (lease), "
                "or put reads in the log (log)",
                "线性一致读：每次读确认领导权（read_index）、依赖租约（lease），或让读走日志（log）")
        .integer("max_batch", &C::max_batch, 64,
                 "At most this many entries in one AppendEntries",
                 "一条 AppendEntries 最多携带的条目数", {.min = 1, .max = 100000})
        .integer("max_inflight", &C::max_inflight, 4,
                 "AppendEntries a leader may have unanswered per follower (pipelining)",
                 "领导者对每个跟随者最多可有多少条未应答的 AppendEntries（流水线）", {.min = 1, .max = 1024})
        .integer("snapshot_threshold", &C::snapshot_threshold, 1000,
                 "Take a snapshot and compact the log after this many applied entries; 0 never",
                 "每应用这么多条目后生成快照并压缩日志；0 表示从不", {.min = 0, .max = 100000000})
        .boolean("fsync", &C::fsync, true,
                 "Sync term, vote and log to disk before answering",
                 "在应答前把任期、投票和日志同步写入磁盘")
        .boolean("leader_noop", &C::leader_noop, true,
                 "A new leader appends a blank entry of its term at once and commits it (Raft 8), so it learns "
                 "what is committed and can serve reads; off: its first client write does that, and until "
                 "then reads and membership changes wait (as in the paper's Figure 8)",
                 "新领导者立即追加并提交一个本任期的空条目（Raft 第 8 节），从而得知哪些条目已提交并能处理读请求；"
                 "关闭时由它收到的第一个客户端写入承担此作用，在此之前读请求和成员变更都要等待（如论文图 8）")
        .nodes("members", &C::members, Json::array(),
               "The initial cluster; empty: every node of the scenario that runs raft (clients are "
               "never members). A node not listed waits to be added",
               "初始集群成员；为空时为场景中所有运行 raft 的节点（客户端不是成员）。未列出的节点等待被加入")
        .boolean("unsafe_commit_old_term", &C::unsafe_commit_old_term, false,
                 "Teaching bug: commit an earlier term's entry by counting replicas (Raft Figure 8)",
                 "教学用缺陷：通过统计副本数提交较早任期的条目（Raft 图 8）")
        .boolean("unsafe_vote_without_persist", &C::unsafe_vote_without_persist, false,
                 "Teaching bug: grant a vote without storing votedFor, so a restart can vote twice",
                 "教学用缺陷：投票时不持久化 votedFor，重启后可能在同一任期投两次票")
        .boolean("fixed_election_timeout", &C::fixed_election_timeout, false,
                 "Teaching bug: no randomized timeout; candidates keep splitting the vote",
                 "教学用缺陷：选举超时不随机化，候选者不断瓜分选票")
        .boolean("unsafe_skip_log_check", &C::unsafe_skip_log_check, false,
                 "Teaching bug: grant votes without checking the candidate's log is up to date",
                 "教学用缺陷：投票时不检查候选者的日志是否足够新");
    return list;
}

}  // namespace distlab::core::raft

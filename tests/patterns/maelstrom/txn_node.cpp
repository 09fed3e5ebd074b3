// A Maelstrom transactional node for the bring-your-own-node tests (txn-rw-register and
// txn-list-append), written as a user would write one: one node, transactions run one at a time.
// The first argument picks its behaviour:
//   correct        every transaction runs whole, in the order they arrive: serializable
//   dirty-abort    every fourth transaction that writes runs, then answers error 30 (txn-conflict,
//                  a definite abort) without undoing its writes: later reads see aborted writes (G1a)
// Later arguments only tag the process.

#include <iostream>
#include <map>
#include <string>

#include "tests/support/maelstrom_node_io.h"

using Json = nlohmann::json;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "correct";
    distlab::test_support::NodeOutput out(std::cout);
    long writing = 0;
    std::map<std::string, Json> state;   // key (dumped) -> value or list
    for (std::string line; std::getline(std::cin, line);) {
        const auto msg = distlab::test_support::parse_message(line);
        if (!msg)
            continue;
        const Json& body = (*msg)["body"];
        const std::string type = body.value("type", "");
        Json reply;
        if (type == "init") {
            out.set_self(body.value("node_id", ""));
            std::cerr << "txn_node: I am " << out.self() << ", mode " << mode << std::endl;
            reply = {{"type", "init_ok"}};
        } else if (type == "txn") {
            Json done = Json::array();
            bool writes = false;
            for (const Json& m : body["txn"]) {
                const std::string f = m[0];
                const std::string key = m[1].dump();
                if (f == "r") {
                    const auto it = state.find(key);
                    done.push_back(Json::array({f, m[1], it == state.end() ? Json() : it->second}));
                    continue;
                }
                writes = true;
                if (f == "w") {
                    state[key] = m[2];
                } else {
                    Json& list = state[key];
                    if (!list.is_array())
                        list = Json::array();
                    list.push_back(m[2]);
                }
                done.push_back(m);
            }
            if (mode == "dirty-abort" && writes && ++writing % 4 == 0)
                reply = {{"type", "error"}, {"code", 30}, {"text", "txn-conflict (but its writes stay)"}};
            else
                reply = {{"type", "txn_ok"}, {"txn", done}};
        } else {
            reply = {{"type", "error"}, {"code", 10}, {"text", "not supported: " + type}};
        }
        out.reply(*msg, std::move(reply));
    }
    return 0;
}

// A Maelstrom echo node for the bring-your-own-node tests, written as a user would write one:
// JSON lines on stdin and stdout, its log on stderr. The first argument picks its behaviour:
//   correct          answers init with init_ok and every echo with echo_ok
//   wrong-echo       answers every echo with the wrong text (the echo check must catch it)
//   not-json         writes a line that is not JSON after init_ok, then behaves
//   unknown-dest     sends a message to n99 (not a node of the lab) after init_ok, then behaves
//   no-init-ok       never answers init
//   exit             exits with code 3 on its first echo
//   flood            after init_ok writes 20000 messages and 20000 stderr lines at once
//   huge-line        after init_ok writes a 2 MiB line, then behaves

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

using Json = nlohmann::json;

void send(const std::string& src, const std::string& dest, const Json& body) {
    std::cout << Json{{"src", src}, {"dest", dest}, {"body", body}}.dump() << "\n" << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "correct";
    std::string self;
    long next_id = 1;
    std::cerr << "echo_node: starting in mode " << mode << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
        const Json msg = Json::parse(line, nullptr, false);
        if (msg.is_discarded() || !msg.is_object()) {
            std::cerr << "echo_node: not JSON: " << line << std::endl;
            continue;
        }
        const Json& body = msg["body"];
        const std::string type = body.value("type", "");
        if (type == "init") {
            self = body.value("node_id", "");
            std::cerr << "echo_node: I am " << self << " of " << body["node_ids"].dump() << std::endl;
            if (mode == "no-init-ok")
                continue;
            send(self, msg["src"], {{"type", "init_ok"}, {"in_reply_to", body["msg_id"]}, {"msg_id", next_id++}});
            if (mode == "not-json")
                std::cout << "hello, I am not JSON" << std::endl;
            if (mode == "unknown-dest")
                send(self, "n99", {{"type", "gossip"}, {"msg_id", next_id++}});
            if (mode == "huge-line")
                std::cout << std::string(2 << 20, 'x') << std::endl;
            if (mode == "flood") {
                for (int i = 0; i < 20000; ++i) {
                    std::cout << R"({"src":")" << self << R"(","dest":")" << self << R"(","body":{"type":"noise"}})" << "\n";
                    std::cerr << "echo_node: noise " << i << "\n";
                }
                std::cout << std::flush;
            }
        } else if (type == "echo") {
            if (mode == "exit")
                return 3;
            send(self, msg["src"],
                 {{"type", "echo_ok"},
                  {"echo", mode == "wrong-echo" ? Json("not what you said") : body["echo"]},
                  {"in_reply_to", body["msg_id"]},
                  {"msg_id", next_id++}});
        } else if (type != "noise") {
            std::cerr << "echo_node: ignoring " << type << std::endl;
        }
    }
    return 0;
}

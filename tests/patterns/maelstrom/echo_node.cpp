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

#include <iostream>
#include <string>

#include "tests/support/maelstrom_node_io.h"

using Json = nlohmann::json;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "correct";
    distlab::test_support::NodeOutput out(std::cout);
    std::cerr << "echo_node: starting in mode " << mode << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
        const auto msg = distlab::test_support::parse_message(line);
        if (!msg) {
            std::cerr << "echo_node: not JSON: " << line << std::endl;
            continue;
        }
        const Json& body = (*msg)["body"];
        const std::string type = body.value("type", "");
        if (type == "init") {
            out.set_self(body.value("node_id", ""));
            const std::string& self = out.self();
            std::cerr << "echo_node: I am " << self << " of " << body["node_ids"].dump() << std::endl;
            if (mode == "no-init-ok")
                continue;
            out.reply(*msg, {{"type", "init_ok"}});
            if (mode == "not-json")
                std::cout << "hello, I am not JSON" << std::endl;
            if (mode == "unknown-dest")
                out.send("n99", {{"type", "gossip"}});
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
            out.reply(*msg, {{"type", "echo_ok"}, {"echo", mode == "wrong-echo" ? Json("not what you said") : body["echo"]}});
        } else if (type != "noise") {
            std::cerr << "echo_node: ignoring " << type << std::endl;
        }
    }
    return 0;
}

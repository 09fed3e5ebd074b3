// The test nodes' line I/O (tests/support/maelstrom_node_io.h): messages read from lines, written
// a line each with the node's next msg_id, replies naming the request, and input read in chunks
// split into lines whatever the chunks' bounds.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/support/maelstrom_node_io.h"

namespace distlab {
namespace {

using Json = nlohmann::json;
using test_support::LineSplitter;
using test_support::NodeOutput;
using test_support::parse_message;

TEST(MaelstromNodeIo, ALineIsAMessageOnlyWhenItIsAJsonObject) {
    const auto msg = parse_message(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":4}})");
    ASSERT_TRUE(msg);
    EXPECT_EQ((*msg)["body"]["msg_id"], 4);
    EXPECT_FALSE(parse_message("hello, I am not JSON"));
    EXPECT_FALSE(parse_message("[1, 2]"));
    EXPECT_FALSE(parse_message(""));
}

TEST(MaelstromNodeIo, MessagesGoOutALineEachWithTheNextIdAndRepliesNameTheRequest) {
    std::ostringstream out;
    NodeOutput node(out);
    node.set_self("n1");
    const auto request = parse_message(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":9}})");
    ASSERT_TRUE(request);
    node.reply(*request, {{"type", "echo_ok"}});
    EXPECT_EQ(node.next_id(), 2);
    node.send("n2", {{"type", "gossip"}});
    std::istringstream lines(out.str());
    std::vector<Json> written;
    for (std::string line; std::getline(lines, line);)
        written.push_back(Json::parse(line));
    ASSERT_EQ(written.size(), 2u);
    EXPECT_EQ(written[0], (Json{{"src", "n1"}, {"dest", "c1"},
                                {"body", {{"type", "echo_ok"}, {"in_reply_to", 9}, {"msg_id", 1}}}}));
    EXPECT_EQ(written[1], (Json{{"src", "n1"}, {"dest", "n2"}, {"body", {{"type", "gossip"}, {"msg_id", 2}}}}));
}

TEST(MaelstromNodeIo, ChunksAreSplitIntoWholeLines) {
    LineSplitter splitter;
    std::vector<std::string> lines;
    const auto collect = [&](std::string_view line) { lines.emplace_back(line); };
    splitter.feed("{\"a\":1}\n{\"b\"", collect);
    EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}"}));
    splitter.feed(":2}", collect);
    EXPECT_EQ(lines.size(), 1u) << "half a line waits for its end";
    splitter.feed("\n\nlast\n", collect);
    EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "", "last"}));
}

}  // namespace
}  // namespace distlab

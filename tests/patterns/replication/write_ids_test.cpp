// The compact form in which an lf-node lists the writes it holds, and its reading back.

#include <gtest/gtest.h>

#include "core/patterns/replication/write_ids.h"

namespace distlab::core::replication {
namespace {

TEST(WriteIds, KeepsEachClientsOperationsAsRanges) {
    WriteIds ids;
    for (const char* v : {"c1-1", "c1-2", "c1-3", "c1-5", "c1-4", "c1-9", "c2-7", "c1-2", "free text"})
        ids.add(v);
    EXPECT_EQ(ids.size(), 8u);
    EXPECT_EQ(ids.to_json(), (Json{{"by_client", {{"c1", "1-5,9"}, {"c2", "7"}}}, {"other", {"free text"}}}));
    EXPECT_TRUE(ids.contains("c1-4"));
    EXPECT_FALSE(ids.contains("c1-6"));
    EXPECT_FALSE(ids.contains("c3-1"));
    EXPECT_TRUE(ids.contains("free text"));
}

TEST(WriteIds, ReadsItsOwnFormBack) {
    WriteIds ids;
    for (const char* v : {"a-b-1", "a-b-2", "x-10", "x-12", "plain"})
        ids.add(v);
    const auto back = WriteIds::from_json(ids.to_json());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->to_json(), ids.to_json());
    EXPECT_TRUE(back->contains("a-b-2"));
    EXPECT_FALSE(back->contains("x-11"));
}

TEST(WriteIds, RefusesAnythingElse) {
    EXPECT_FALSE(WriteIds::from_json(nullptr));
    EXPECT_FALSE(WriteIds::from_json(Json{{"by_client", {{"c1", "3-1"}}}}));
    EXPECT_FALSE(WriteIds::from_json(Json{{"by_client", {{"c1", "x"}}}}));
    EXPECT_FALSE(WriteIds::from_json(Json{{"by_client", {{"c1", 5}}}}));
    EXPECT_FALSE(WriteIds::from_json(Json{{"by_client", Json::object()}, {"other", {1}}}));
    EXPECT_FALSE(split_write_id("c1-0"));
    EXPECT_FALSE(split_write_id("-3"));
    EXPECT_FALSE(split_write_id("c1-"));
    EXPECT_EQ(split_write_id("c-1-12"), (std::pair<std::string, std::int64_t>{"c-1", 12}));
}

}  // namespace
}  // namespace distlab::core::replication

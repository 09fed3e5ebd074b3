#include <gtest/gtest.h>

#include "core/patterns/backpressure/flow_protocol.h"

namespace distlab::core::backpressure {
namespace {

TEST(IdRanges, MergesNeighboursAndSplitsOnErase) {
    IdRanges set;
    for (std::int64_t id : {1, 2, 3, 5, 7, 6, 4})
        set.insert(id);
    EXPECT_EQ(set.size(), 7u);
    EXPECT_EQ(set.range_count(), 1u);
    EXPECT_EQ(set.to_json(), Json::parse("[[1,7]]"));
    set.insert(3);                            // already there
    EXPECT_EQ(set.size(), 7u);
    set.erase(4);
    set.erase(1);
    set.erase(9);                             // not there
    EXPECT_EQ(set.to_json(), Json::parse("[[2,3],[5,7]]"));
    EXPECT_TRUE(set.contains(5));
    EXPECT_FALSE(set.contains(4));
    EXPECT_FALSE(set.contains(0));
    EXPECT_EQ(set.size(), 5u);
}

TEST(IdRanges, ReadsBackWhatItWritesAndRefusesAnythingElse) {
    IdRanges set;
    for (std::int64_t id : {10, 11, 12, 20, 30, 31})
        set.insert(id);
    const auto back = IdRanges::from_json(set.to_json());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->to_json(), set.to_json());
    EXPECT_EQ(back->size(), 6u);
    EXPECT_TRUE(IdRanges::from_json(Json::parse("[[1, 1000000000000]]")));   // no expansion
    for (const char* bad : {"{}", "[[2,1]]", "[[1,3],[2,5]]", "[[1,3],[4,5]]", "[[1]]", "[[\"a\",2]]", "[[5,6],[1,2]]"})
        EXPECT_FALSE(IdRanges::from_json(Json::parse(bad))) << bad;
}

TEST(Item, RoundTripsAndRefusesMissingFields) {
    const Item item{"p1", 7, 2, 512};
    const auto back = Item::from_json(item.to_json());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->origin, "p1");
    EXPECT_EQ(back->id, 7);
    EXPECT_EQ(back->priority, 2);
    EXPECT_EQ(back->size, 512);
    EXPECT_FALSE(Item::from_json(Json::parse(R"({"origin": "p1", "id": 1})")));
    EXPECT_FALSE(Item::from_json(Json::parse(R"({"origin": 1, "id": 1, "priority": 0, "size": 1})")));
    EXPECT_EQ(item_reply(item, kErrorShed), Json::parse(R"({"ok": false, "origin": "p1", "id": 7, "error": "shed"})"));
}

}  // namespace
}  // namespace distlab::core::backpressure

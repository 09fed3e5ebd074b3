#include <gtest/gtest.h>

#include "core/patterns/pubsub/subject.h"

namespace distlab::core::pubsub {
namespace {

TEST(Subject, LiteralPatternsMatchOnlyThemselves) {
    EXPECT_TRUE(subject_matches("orders.created", "orders.created"));
    EXPECT_FALSE(subject_matches("orders.created", "orders.created.eu"));
    EXPECT_FALSE(subject_matches("orders.created", "orders"));
    EXPECT_FALSE(subject_matches("orders.created", "orders.deleted"));
}

TEST(Subject, StarMatchesExactlyOneToken) {
    EXPECT_TRUE(subject_matches("orders.*", "orders.created"));
    EXPECT_FALSE(subject_matches("orders.*", "orders"));
    EXPECT_FALSE(subject_matches("orders.*", "orders.eu.created"));
    EXPECT_TRUE(subject_matches("orders.*.created", "orders.eu.created"));
    EXPECT_FALSE(subject_matches("orders.*.created", "orders.eu.deleted"));
    EXPECT_TRUE(subject_matches("*.*", "a.b"));
    EXPECT_FALSE(subject_matches("*", "a.b"));
}

TEST(Subject, GreaterThanMatchesOneOrMoreTrailingTokens) {
    EXPECT_TRUE(subject_matches("orders.>", "orders.created"));
    EXPECT_TRUE(subject_matches("orders.>", "orders.eu.created"));
    EXPECT_FALSE(subject_matches("orders.>", "orders"));
    EXPECT_FALSE(subject_matches("orders.>", "payments.created"));
    EXPECT_TRUE(subject_matches(">", "a"));
    EXPECT_TRUE(subject_matches(">", "a.b.c"));
    EXPECT_TRUE(subject_matches("*.eu.>", "orders.eu.created.late"));
    EXPECT_FALSE(subject_matches("*.eu.>", "orders.us.created"));
}

TEST(Subject, ValidatesSubjectsAndPatterns) {
    EXPECT_TRUE(valid_subject("orders.eu.created"));
    EXPECT_FALSE(valid_subject(""));
    EXPECT_FALSE(valid_subject("orders..created"));
    EXPECT_FALSE(valid_subject("orders."));
    EXPECT_FALSE(valid_subject("orders.*"));
    EXPECT_FALSE(valid_subject("orders.>"));
    EXPECT_TRUE(valid_pattern("orders.*.created"));
    EXPECT_TRUE(valid_pattern("orders.>"));
    EXPECT_TRUE(valid_pattern(">"));
    EXPECT_FALSE(valid_pattern("orders.>.created"));
    EXPECT_FALSE(valid_pattern("orders.a*"));
    EXPECT_FALSE(valid_pattern("orders..created"));
    EXPECT_FALSE(valid_pattern(""));
}

}  // namespace
}  // namespace distlab::core::pubsub

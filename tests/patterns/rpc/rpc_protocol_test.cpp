#include <gtest/gtest.h>

#include <random>

#include "core/patterns/rpc/rpc_protocol.h"

namespace distlab::core::rpc {
namespace {

TEST(RpcProtocol, StatusesCarryGrpcCodesAndReadBack) {
    EXPECT_EQ(grpc_code(Status::Ok), 0);
    EXPECT_EQ(grpc_code(Status::Cancelled), 1);
    EXPECT_EQ(grpc_code(Status::InvalidArgument), 3);
    EXPECT_EQ(grpc_code(Status::DeadlineExceeded), 4);
    EXPECT_EQ(grpc_code(Status::Unimplemented), 12);
    EXPECT_EQ(grpc_code(Status::Unavailable), 14);
    for (Status s : kAllStatuses)
        EXPECT_EQ(status_from_string(to_string(s)), s);
    EXPECT_EQ(status_from_string("not_found"), std::nullopt);
    EXPECT_TRUE(retryable(Status::Unavailable));
    EXPECT_TRUE(retryable(Status::DeadlineExceeded));
    EXPECT_FALSE(retryable(Status::InvalidArgument));
    EXPECT_FALSE(retryable(Status::Cancelled));
    EXPECT_FALSE(retryable(Status::Unimplemented));
}

TEST(RpcProtocol, FieldChecksNameTheField) {
    const Method& m = *find_method("ReserveStock");
    EXPECT_EQ(check_fields(m.request, Json{{"item", "tea"}, {"qty", 2}}, "args"), std::nullopt);
    EXPECT_EQ(check_fields(m.request, Json{{"item", "tea"}, {"qty", "2"}}, "args"),
              "args.qty: expected int, got string");
    EXPECT_EQ(check_fields(m.request, Json{{"item", "tea"}, {"qty", 2.5}}, "args"),
              "args.qty: expected int, got number");
    EXPECT_EQ(check_fields(m.request, Json{{"qty", 2}}, "args"), "args.item: missing (expected string)");
    EXPECT_EQ(check_fields(m.request, Json{{"item", "tea"}, {"qty", 2}, {"colour", "red"}}, "args"),
              "args.colour: not a field of this method");
    EXPECT_EQ(check_fields(m.request, Json::array(), "args"), "args: expected a mapping, got a list");
    EXPECT_EQ(check_fields(m.request, Json(), "args"), "args: expected a mapping, got null");
}

TEST(RpcProtocol, MadeUpBodiesFitTheirMethodAndBadOnesDoNot) {
    std::mt19937_64 rng(7);
    for (const Method& m : methods()) {
        for (int i = 0; i < 20; ++i) {
            EXPECT_EQ(check_fields(m.request, make_args(m, rng), "args"), std::nullopt) << m.name;
            EXPECT_EQ(check_fields(m.reply, make_reply(m, rng), "reply"), std::nullopt) << m.name;
            EXPECT_NE(check_fields(m.request, make_bad_args(m, rng), "args"), std::nullopt) << m.name;
        }
    }
    EXPECT_EQ(signature(*find_method("ReadStock")), "ReadStock(item: string) -> (available: int)");
}

TEST(RpcProtocol, DecodingACallNamesTheFirstBrokenField) {
    EXPECT_EQ(decode_call(Json("hello")).problem, "body: expected a mapping, got string");
    EXPECT_EQ(decode_call(Json::object()).problem, "call: missing");
    EXPECT_EQ(decode_call(Json{{"call", "7"}}).problem, "call: expected int, got string");
    EXPECT_EQ(decode_call(Json{{"call", 7}}).problem, "method: missing");
    EXPECT_EQ(decode_call(Json{{"call", 7}, {"method", 3}}).problem, "method: expected string, got int");
    EXPECT_EQ(decode_call(Json{{"call", 7}, {"method", "ReadStock"}, {"timeout_ns", -1}}).problem,
              "timeout_ns: expected a non-negative int, got int");
    const CallFields f = decode_call(Json{{"call", 7},
                                          {"method", "ReadStock"},
                                          {"args", {{"item", "tea"}}},
                                          {"attempt", 2},
                                          {"timeout_ns", 5000},
                                          {"origin", {{"node", "c1"}, {"op", 3}, {"deadline_ns", 9000}}}});
    EXPECT_EQ(f.problem, std::nullopt);
    EXPECT_EQ(f.call, 7);
    EXPECT_EQ(f.attempt, 2);
    EXPECT_EQ(f.timeout, Duration(5000));
    ASSERT_TRUE(f.origin);
    EXPECT_EQ(f.origin->node, "c1");
    EXPECT_EQ(f.origin->deadline, Duration(9000));
}

TEST(RpcProtocol, AReplyWithoutAKnownStatusIsMalformed) {
    EXPECT_TRUE(decode_reply(Json{{"ok", true}}).malformed);
    EXPECT_TRUE(decode_reply(Json{{"status", "teapot"}}).malformed);
    EXPECT_TRUE(decode_reply(Json(3)).malformed);
    const ReplyFields f = decode_reply(reply_body(Status::InvalidArgument, "args.qty: expected int, got string"));
    EXPECT_FALSE(f.malformed);
    EXPECT_EQ(f.status, Status::InvalidArgument);
    EXPECT_EQ(f.message, "args.qty: expected int, got string");
    EXPECT_EQ(reply_body(Status::DeadlineExceeded)["code"], 4);
    EXPECT_EQ(reply_body(Status::Ok)["ok"], true);
}

}  // namespace
}  // namespace distlab::core::rpc

// The CRDT types alone: each one's semantics on small cases, then the merge laws (commutative,
// associative, idempotent) and the delta property (merging a mutator's delta has the effect of
// merging the whole state) over states grown by random operations and merges on a few replicas,
// with a fixed seed; then the JSON form, round trip and hostile input.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/patterns/crdt/crdt_types.h"

namespace distlab::core::crdt {
namespace {

// ---- semantics ----

TEST(CrdtTypes, GCounterSumsAndMergesByMaximum) {
    GCounter a, b;
    a.increment("n1", 3);
    b.increment("n2", 4);
    b.increment("n1", 1);   // b's own idea of n1's count: lower than a's
    a.merge(b);
    EXPECT_EQ(a.value(), 7u);   // max(3, 1) + 4
    a.merge(b);
    EXPECT_EQ(a.value(), 7u);   // a repeated merge counts nothing twice
}

TEST(CrdtTypes, PNCounterGoesBothWays) {
    PNCounter a, b;
    a.add("n1", 5);
    b.add("n2", -8);
    a.merge(b);
    EXPECT_EQ(a.value(), -3);
}

TEST(CrdtTypes, TwoPSetRemovesForever) {
    TwoPSet s;
    s.add("milk");
    s.remove("milk");
    s.add("milk");
    EXPECT_FALSE(s.contains("milk"));
    EXPECT_TRUE(s.value().empty());
}

TEST(CrdtTypes, ORSetAddWinsOverAConcurrentRemove) {
    ORSet r1, r2;
    r1.add("n1", "milk");
    r2.merge(r1);                // both hold milk with tag (n1, 1)
    r2.remove("milk");           // r2 removes the tag it saw
    r1.add("n1", "milk");        // meanwhile r1 adds milk again: a new tag (n1, 2)
    r1.merge(r2);
    r2.merge(r1);
    EXPECT_TRUE(r1.contains("milk"));
    EXPECT_EQ(r1, r2);
    r2.remove("milk");           // a remove that has seen every tag removes it
    r1.merge(r2);
    EXPECT_FALSE(r1.contains("milk"));
}

TEST(CrdtTypes, ORSetTagsAreNewAfterATombstone) {
    ORSet s;
    s.add("n1", "x");
    s.remove("x");
    s.add("n1", "x");   // must not reuse the tombstoned tag
    EXPECT_TRUE(s.contains("x"));
}

TEST(CrdtTypes, LwwRegisterKeepsTheGreatestTimestampWhateverCameLast) {
    LwwRegister fast, slow;
    fast.assign("old", 5'000, "n1");    // a clock running ahead
    slow.merge(fast);
    slow.assign("new", 3'000, "n2");    // later in real time, earlier by its clock
    EXPECT_EQ(slow.value(), "new");     // locally, for now
    slow.merge(fast);
    fast.merge(slow);
    EXPECT_EQ(slow.value(), "old");
    EXPECT_EQ(fast.value(), "old");
}

TEST(CrdtTypes, MvRegisterKeepsConcurrentWritesAndReplacesSeenOnes) {
    MvRegister r1, r2;
    r1.assign("a", "n1");
    r2.assign("b", "n2");
    r1.merge(r2);
    EXPECT_EQ(r1.value(), (std::vector<std::string>{"a", "b"}));   // siblings
    r1.assign("c", "n1");                                          // has seen both
    r2.merge(r1);
    EXPECT_EQ(r2.value(), std::vector<std::string>{"c"});
}

TEST(CrdtTypes, VersionVectorsOrderOrAreConcurrent) {
    EXPECT_TRUE(dominated({{"a", 1}}, {{"a", 1}, {"b", 1}}));
    EXPECT_FALSE(dominated({{"a", 1}}, {{"a", 1}}));
    EXPECT_FALSE(dominated({{"a", 2}}, {{"a", 1}, {"b", 1}}));
    EXPECT_FALSE(dominated({{"a", 1}, {"b", 1}}, {{"a", 2}}));
}

TEST(CrdtTypes, ApplyRefusesWhatATypeDoesNotTake) {
    const Origin o{.node = "n1", .ts = 1};
    Object g = empty_object(Type::GCounter);
    EXPECT_FALSE(apply(g, "add", -1, o));
    EXPECT_FALSE(apply(g, "add", "one", o));
    EXPECT_FALSE(apply(g, "remove", 1, o));
    Object gs = empty_object(Type::GSet);
    EXPECT_FALSE(apply(gs, "remove", "x", o));
    Object two = empty_object(Type::TwoPSet);
    const auto missing = apply(two, "remove", "x", o);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("not in the set"), std::string::npos);
    Object reg = empty_object(Type::LwwRegister);
    EXPECT_FALSE(apply(reg, "add", "x", o));
    EXPECT_FALSE(apply(reg, "write", 3, o));
    ASSERT_TRUE(apply(reg, "write", "x", o));
    EXPECT_EQ(value_of(reg), "x");
}

// ---- the merge laws, over random states ----

// Random states of `type`: four replicas run random operations and merge each other's states at
// random; every state any replica passes through is a sample, as is every delta.
class Sampler {
public:
    Sampler(Type type, std::uint64_t seed) : type_(type), rng_(seed) {
        for (int i = 0; i < 4; ++i)
            replicas_.push_back(empty_object(type));
    }

    // One step: an operation at a random replica (returning its delta), or a merge.
    void step(std::vector<Object>& samples) {
        std::uniform_int_distribution<int> who(0, 3), coin(0, 9), element(0, 3), amount(-5, 9);
        const int r = who(rng_);
        Object& o = replicas_[r];
        const NodeId node = "n" + std::to_string(r);
        if (coin(rng_) < 3) {
            merge(o, replicas_[who(rng_)]);
        } else {
            const std::string e = "e" + std::to_string(element(rng_));
            Result<Object> delta = fail("none");
            const Origin origin{.node = node, .ts = static_cast<std::int64_t>(amount(rng_) + 10)};
            switch (type_) {
            case Type::GCounter: delta = apply(o, "add", std::abs(amount(rng_)), origin); break;
            case Type::PNCounter: delta = apply(o, "add", amount(rng_), origin); break;
            case Type::GSet: delta = apply(o, "add", e, origin); break;
            case Type::TwoPSet:
            case Type::ORSet: delta = apply(o, coin(rng_) < 6 ? "add" : "remove", e, origin); break;
            case Type::LwwRegister:
            case Type::MvRegister: delta = apply(o, "write", e, origin); break;
            }
            if (delta)
                samples.push_back(*delta);
        }
        samples.push_back(o);
    }

    std::mt19937_64& rng() { return rng_; }

private:
    Type type_;
    std::mt19937_64 rng_;
    std::vector<Object> replicas_;
};

Object merged(Object a, const Object& b) {
    merge(a, b);
    return a;
}

class CrdtLaws : public ::testing::TestWithParam<Type> {};

TEST_P(CrdtLaws, MergeIsCommutativeAssociativeAndIdempotent) {
    const Type type = GetParam();
    Sampler sampler(type, 20261207);
    std::vector<Object> samples;
    for (int i = 0; i < 300; ++i)
        sampler.step(samples);
    ASSERT_GT(samples.size(), 300u);
    std::uniform_int_distribution<std::size_t> pick(0, samples.size() - 1);
    for (int trial = 0; trial < 2000; ++trial) {
        const Object& a = samples[pick(sampler.rng())];
        const Object& b = samples[pick(sampler.rng())];
        const Object& c = samples[pick(sampler.rng())];
        SCOPED_TRACE(::testing::Message() << "trial " << trial << ": a=" << state_of(a) << " b=" << state_of(b)
                                          << " c=" << state_of(c));
        ASSERT_EQ(merged(a, b), merged(b, a));
        ASSERT_EQ(merged(merged(a, b), c), merged(a, merged(b, c)));
        ASSERT_EQ(merged(a, a), a);
        // A merge only grows what a replica knows: merging a's merge with a changes nothing.
        ASSERT_EQ(merged(merged(a, b), a), merged(a, b));
    }
}

TEST_P(CrdtLaws, MergingADeltaEqualsMergingTheState) {
    const Type type = GetParam();
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> element(0, 3), amount(0, 9);
    for (int trial = 0; trial < 300; ++trial) {
        Object base = empty_object(type), other = empty_object(type);
        // Histories on two replicas, then one more operation at the first.
        for (int i = 0; i < 6; ++i) {
            const std::string e = "e" + std::to_string(element(rng));
            const Json arg = type == Type::GCounter || type == Type::PNCounter ? Json(amount(rng)) : Json(e);
            const char* op = type == Type::LwwRegister || type == Type::MvRegister ? "write" : "add";
            (void)apply(i % 2 ? base : other, op, arg, Origin{.node = i % 2 ? "n1" : "n2", .ts = 100 + i});
            if (amount(rng) < 3)
                merge(other, base);
        }
        const Object before = base;
        const char* op = type == Type::LwwRegister || type == Type::MvRegister ? "write"
                         : (type == Type::TwoPSet || type == Type::ORSet) && amount(rng) < 4 ? "remove"
                                                                                              : "add";
        const Json arg = type == Type::GCounter || type == Type::PNCounter ? Json(amount(rng))
                                                                           : Json("e" + std::to_string(element(rng)));
        auto delta = apply(base, op, arg, Origin{.node = "n1", .ts = 1000});
        if (!delta)
            continue;   // a remove of an element not held
        SCOPED_TRACE(::testing::Message() << "trial " << trial << ": " << state_of(base));
        // The other replica, having seen `before`, catches up with the delta alone.
        Object by_delta = merged(other, before);
        merge(by_delta, *delta);
        EXPECT_EQ(by_delta, merged(merged(other, before), base));
    }
}

TEST_P(CrdtLaws, JsonRoundTripsEveryState) {
    Sampler sampler(GetParam(), 11);
    std::vector<Object> samples;
    for (int i = 0; i < 100; ++i)
        sampler.step(samples);
    for (const Object& o : samples) {
        auto back = object_from_json(GetParam(), Json::parse(state_of(o).dump()));
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(*back, o);
    }
}

std::string type_name(const ::testing::TestParamInfo<Type>& info) {
    std::string name(to_string(info.param));
    std::erase(name, '-');
    return name;
}

INSTANTIATE_TEST_SUITE_P(AllTypes, CrdtLaws, ::testing::ValuesIn(all_types()), type_name);

// ---- hostile input ----

TEST(CrdtTypes, FromJsonNamesWhatIsWrong) {
    const auto message = [](Type t, const char* text) {
        auto r = object_from_json(t, Json::parse(text));
        return r ? std::string() : r.error().message;
    };
    EXPECT_NE(message(Type::GCounter, R"({"n1": -1})").find("g-counter entry \"n1\""), std::string::npos);
    EXPECT_NE(message(Type::GCounter, R"([1])").find("object"), std::string::npos);
    EXPECT_NE(message(Type::PNCounter, R"({"p": {}})").find("pn-counter"), std::string::npos);
    EXPECT_NE(message(Type::GSet, R"(["a", 2])").find("g-set"), std::string::npos);
    EXPECT_NE(message(Type::TwoPSet, R"({"added": []})").find("2p-set"), std::string::npos);
    EXPECT_NE(message(Type::ORSet, R"({"adds": {"x": [["n1"]]}, "removed": []})").find("or-set adds \"x\""),
              std::string::npos);
    EXPECT_NE(message(Type::ORSet, R"({"adds": {"x": []}, "removed": []})").find("non-empty"), std::string::npos);
    EXPECT_NE(message(Type::LwwRegister, R"({"value": "x", "ts": "soon", "node": "n1"})").find("lww-register"),
              std::string::npos);
    EXPECT_NE(message(Type::MvRegister, R"([{"value": "x", "vv": {"n1": "one"}}])").find("mv-register vv"),
              std::string::npos);
    EXPECT_EQ(message(Type::LwwRegister, "null"), "");
}

TEST(CrdtTypes, TypesHaveTheirNames) {
    for (Type t : all_types())
        EXPECT_EQ(type_from_string(to_string(t)), t);
    EXPECT_FALSE(type_from_string("counter"));
}

}  // namespace
}  // namespace distlab::core::crdt

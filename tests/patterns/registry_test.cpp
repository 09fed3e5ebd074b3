#include <gtest/gtest.h>

#include "core/model/role_registry.h"

namespace distlab::core {
namespace {

TEST(BuiltinRoles, RegistersTheRequestResponseAndRetryRoles) {
    const RoleRegistry& registry = RoleRegistry::builtin();
    for (const char* name : {"server", "client", "retry-client"}) {
        const RoleDescriptor* info = registry.find(name);
        ASSERT_NE(info, nullptr) << name;
        EXPECT_EQ(info->name, name);
        EXPECT_FALSE(info->en.empty()) << name;
        EXPECT_FALSE(info->zh.empty()) << name;
        EXPECT_TRUE(info->make) << name;
    }
    EXPECT_EQ(registry.find("server")->family, "communication");
    EXPECT_EQ(registry.find("retry-client")->family, "resilience");
    EXPECT_FALSE(registry.find("server")->client);
    EXPECT_TRUE(registry.find("client")->client);
    EXPECT_TRUE(registry.find("retry-client")->client);
}

TEST(BuiltinRoles, EveryDescriptorIsSoundWithBilingualPhases) {
    for (const auto& [name, info] : RoleRegistry::builtin().all()) {
        EXPECT_TRUE(info.problems().empty()) << name;
        for (const PhaseSpec& phase : info.phases) {
            EXPECT_FALSE(phase.en.empty()) << name << " " << phase.name;
            EXPECT_FALSE(phase.zh.empty()) << name << " " << phase.name;
        }
    }
    EXPECT_EQ(RoleRegistry::builtin().find("raft")->leader_phase, "leader");
    EXPECT_EQ(RoleRegistry::builtin().find("breaker-client")->gauges.at(0).full_scale, 100);
}

TEST(BuiltinRoles, EveryParameterIsDescribedInBothLanguagesAndItsDefaultValidates) {
    for (const auto& [name, info] : RoleRegistry::builtin().all()) {
        // A node parameter's default names a node by convention (kv-proxy's "lin-kv"): valid in a
        // lab that has it.
        std::vector<NodeId> nodes = {"s1", "c1"};
        for (const ParamSpec& spec : info.params)
            if (spec.type == ParamType::Node && spec.default_value.is_string())
                nodes.push_back(spec.default_value.get<std::string>());
        Json raw = Json::object();
        for (const ParamSpec& spec : info.params) {
            EXPECT_FALSE(spec.en.empty()) << name << "." << spec.name;
            EXPECT_FALSE(spec.zh.empty()) << name << "." << spec.name;
            if (!spec.default_value.is_null())
                continue;
            // Required parameters name nodes (targets); give each a valid sample.
            if (spec.type == ParamType::Node)
                raw[spec.name] = "s1";
            else if (spec.type == ParamType::NodeList)
                raw[spec.name] = Json::array({"s1"});
            else if (spec.type == ParamType::StringList)
                raw[spec.name] = Json::array({"/bin/true"});
            else
                ADD_FAILURE() << name << "." << spec.name << " is required; give this test a sample of its type";
        }
        auto params = resolve_params(info.params, raw, &nodes);
        ASSERT_TRUE(params.has_value()) << name << ": " << params.error().front().key << ": "
                                        << params.error().front().message;
        EXPECT_NE(info.make(*params), nullptr) << name;
    }
}

TEST(BuiltinRoles, RefusesBadParametersWithTheirNames) {
    const std::vector<NodeId> nodes = {"s1", "c1"};
    const RoleDescriptor* client = RoleRegistry::builtin().find("retry-client");
    ASSERT_NE(client, nullptr);
    auto bad = resolve_params(client->params,
                              {{"target", "nowhere"}, {"backoff", "linear"}, {"max_attempts", 0},
                               {"rate", 0}, {"timeout", "soon"}, {"colour", "red"}},
                              &nodes);
    ASSERT_FALSE(bad.has_value());
    std::vector<std::string> keys;
    for (const auto& problem : bad.error())
        keys.push_back(problem.key);
    for (const char* key : {"target", "backoff", "max_attempts", "rate", "timeout", "colour"})
        EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;

    const RoleDescriptor* server = RoleRegistry::builtin().find("server");
    ASSERT_NE(server, nullptr);
    EXPECT_FALSE(resolve_params(server->params, {{"capacity", 0}}, &nodes).has_value());
    EXPECT_FALSE(resolve_params(server->params, {{"fail_rate", 1.5}}, &nodes).has_value());
    EXPECT_FALSE(resolve_params(server->params, {{"down_mode", "explode"}}, &nodes).has_value());
}

}  // namespace
}  // namespace distlab::core

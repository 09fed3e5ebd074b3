#include "core/patterns/discovery/discovery_protocol.h"

namespace distlab::core::discovery {

Result<std::string> string_field(const Json& body, const char* name) {
    if (!body.is_object())
        return fail(std::string("expected an object with \"") + name + "\"");
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
        return fail(std::string("\"") + name + "\" must be a non-empty string");
    return it->get<std::string>();
}

Result<InstanceList> read_instance_list(const Json& body) {
    auto service = string_field(body, "service");
    if (!service)
        return fail(service.error().message);
    const auto run = body.find("run");
    if (run == body.end() || !run->is_number_integer())
        return fail("\"run\" must be an integer");
    const auto version = body.find("version");
    if (version == body.end() || !version->is_number_integer() || version->get<std::int64_t>() < 0)
        return fail("\"version\" must be an integer of at least 0");
    const auto instances = body.find("instances");
    if (instances == body.end() || !instances->is_array())
        return fail("\"instances\" must be a list of node ids");
    InstanceList list{.service = *service,
                      .run = run->get<std::int64_t>(),
                      .version = version->get<std::int64_t>(),
                      .instances = {}};
    for (const Json& id : *instances) {
        if (!id.is_string())
            return fail("\"instances\" must be a list of node ids");
        list.instances.push_back(id.get<std::string>());
    }
    return list;
}

}  // namespace distlab::core::discovery

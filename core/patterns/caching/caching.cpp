#include "core/patterns/caching/caching.h"

#include <memory>

#include "core/patterns/caching/cache_client_role.h"
#include "core/patterns/caching/cache_node_role.h"
#include "core/patterns/caching/cached_service_role.h"
#include "core/patterns/caching/database_role.h"
#include "core/patterns/common/client.h"

namespace distlab::core {

void register_caching(RoleRegistry& registry) {
    namespace c = caching;
    registry.add({.name = "cached-service",
                  .pattern = "caching",
                  .family = "caching",
                  .en = "Answers reads and writes from a local cache, a distributed cache on a consistent-hash ring "
                        "and the database behind, with the defences against cache penetration, breakdown and "
                        "avalanche",
                  .zh = "依次通过本地缓存、一致性哈希环上的分布式缓存和背后的数据库响应读写，"
                        "并带有防缓存穿透、击穿和雪崩的手段",
                  .client = false,
                  .params = c::CachedServiceConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<c::CachedServiceRole>(c::CachedServiceConfig::from(params));
                  },
                  .gauges = {{.field = "hit_ratio", .full_scale = 100, .unit = "%",
                              .en = "hit ratio (last second)", .zh = "命中率（最近 1 s）"}}});
    registry.add({.name = "cache-node",
                  .pattern = "caching",
                  .family = "caching",
                  .en = "One node of the distributed cache: keys with a TTL, Redis's eviction policies, a SETNX "
                        "lock, and read-through, write-through and write-behind when it has a database",
                  .zh = "分布式缓存的一个节点：带 TTL 的键、Redis 的淘汰策略、SETNX 锁；配置了数据库时支持"
                        "读穿透、写穿透和写回",
                  .client = false,
                  .params = c::CacheNodeConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<c::CacheNodeRole>(c::CacheNodeConfig::from(params));
                  },
                  .gauges = {{.field = "hit_ratio", .full_scale = 100, .unit = "%",
                              .en = "hit ratio (last second)", .zh = "命中率（最近 1 s）"}}});
    registry.add({.name = "database",
                  .pattern = "caching",
                  .family = "caching",
                  .en = "The origin behind the caches: versioned rows, a load in queries per second and a capacity "
                        "past which its answers slow down",
                  .zh = "缓存背后的源数据库：带版本号的行，以每秒查询数表示负载，超过容量后响应变慢",
                  .client = false,
                  .params = c::DatabaseConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<c::DatabaseRole>(c::DatabaseConfig::from(params));
                  },
                  .phases = {{.name = "normal", .tone = Tone::Healthy, .en = "within capacity", .zh = "容量以内"},
                             {.name = "overloaded", .tone = Tone::Failing, .en = "overloaded", .zh = "过载"}},
                  .gauges = {{.field = "qps", .full_scale = 1, .full_scale_field = "qps_scale", .unit = "queries/s",
                              .en = "queries per second (half: the capacity)", .zh = "每秒查询数（半格为容量）"}}});
    registry.add({.name = "cache-client",
                  .pattern = "caching",
                  .family = "caching",
                  .en = "Reads and writes keys through a cached-service: uniform, hot-key and missing-key reads; "
                        "counts hits and stale reads",
                  .zh = "通过带缓存服务读写键：均匀读取、热点键读取和不存在键读取；统计命中和读到旧值的次数",
                  .client = true,
                  .params = c::CacheClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<c::CacheClientRole>(c::CacheClientConfig::from(params));
                  },
                  .phases = client_phases(),
                  .gauges = {{.field = "hit_ratio", .full_scale = 100, .unit = "%", .en = "hit ratio (last second)",
                              .zh = "命中率（最近 1 s）"},
                             {.field = "stale_pct", .full_scale = 100, .unit = "%",
                              .en = "stale reads (last second)", .zh = "读到旧值的比例（最近 1 s）"}}});
}

}  // namespace distlab::core

# The pattern list: one line per pattern, named after its folders. A pattern's pieces live in
# folders of that name, and nothing outside them names it (docs/adding-a-pattern.md):
#   core/patterns/<name>/     roles with their descriptors; <name>.h declares register_<name>()
#   netlab/patterns/<name>/   optional: its checks and report figure sources
#   views/patterns/<name>/    optional: its pattern views
#   tests/patterns/<name>/    optional: its tests
# cmake/DistlabPatterns.cmake reads this list and generates the registration code.
set(DISTLAB_PATTERNS
  request_response
  retry
  kv
  raft
  circuit_breaker
  bulkhead
  deadline
  backpressure
  pubsub
  message_queue
  stream
  consistent_hashing
  rpc
  atomic_commit
  tcc
  replication
  leaderless
  caching
  saga
  sharding
  placement
  maelstrom
  discovery
  config_center
  crdt
  multi_leader
  load_balancing
  sidecar
  mesh
  task_scheduling
)

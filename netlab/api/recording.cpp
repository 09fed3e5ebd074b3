#include "netlab/api/recording.h"

#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"

namespace distlab::netlab {

namespace {

EventWindow window_of(EventRange range) {
    return EventWindow{std::move(range.events), std::move(range.problem)};
}

}  // namespace

struct RecordingReader::Impl {
    Playback playback;
};

core::Result<RecordingReader> RecordingReader::open(const std::filesystem::path& path) {
    auto opened = Playback::open(path);
    if (!opened)
        return std::unexpected(opened.error());
    return RecordingReader(std::make_unique<Impl>(Impl{std::move(*opened)}));
}

RecordingReader::RecordingReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RecordingReader::RecordingReader(RecordingReader&&) noexcept = default;
RecordingReader& RecordingReader::operator=(RecordingReader&&) noexcept = default;
RecordingReader::~RecordingReader() = default;

const RecordingMeta& RecordingReader::meta() const {
    return impl_->playback.meta();
}

std::int64_t RecordingReader::duration_ns() const {
    return impl_->playback.duration_ns();
}

std::uint64_t RecordingReader::event_count() const {
    return impl_->playback.event_count();
}

const std::optional<core::Error>& RecordingReader::damage() const {
    return impl_->playback.damage();
}

EventWindow RecordingReader::read(std::int64_t from_ns, std::int64_t to_ns) const {
    return window_of(impl_->playback.read(from_ns, to_ns));
}

EventWindow RecordingReader::read_all() const {
    return window_of(impl_->playback.read_all());
}

ScenarioLoad RecordingReader::scenario(std::string name) const {
    return load_scenario_text(impl_->playback.meta().scenario_yaml, std::move(name), core::RoleRegistry::builtin(), {});
}

std::vector<PastRun> list_recordings(const std::filesystem::path& folder) {
    return RunsFolder(folder).list();
}

}  // namespace distlab::netlab

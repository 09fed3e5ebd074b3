#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

// What the campaigns of many runs share (chaos.cpp, stress.cpp): a pool of worker threads that
// take runs off a shared list, and this thread reporting progress as they go.
namespace distlab::netlab {

// `threads` workers each call `work`, which takes runs under `mutex` and notifies `changed` as
// each ends; meanwhile this thread calls `report` (holding `mutex`) at first and after every
// notification, until every worker has returned.
template <class Work, class Report>
void run_workers(int threads, std::mutex& mutex, std::condition_variable& changed, Work&& work, Report&& report) {
    int done = 0;
    std::vector<std::jthread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([&] {
            work();
            std::lock_guard lock(mutex);
            ++done;
            changed.notify_all();
        });
    std::unique_lock lock(mutex);
    while (done < threads) {
        report();
        changed.wait(lock);
    }
}

}  // namespace distlab::netlab

#include "core/patterns/common/retry_budget.h"

#include <algorithm>

namespace distlab::core::retry {

RetryBudget::RetryBudget(double ratio, double min_per_s, double capacity)
    : ratio_(std::max(0.0, ratio)),
      min_per_s_(std::max(0.0, min_per_s)),
      capacity_(std::max(1.0, capacity)),
      tokens_(capacity_) {}

void RetryBudget::refill(Duration now) {
    if (now > refilled_at_) {
        const double seconds = std::chrono::duration<double>(now - refilled_at_).count();
        tokens_ = std::min(capacity_, tokens_ + seconds * min_per_s_);
    }
    refilled_at_ = std::max(refilled_at_, now);
}

void RetryBudget::deposit_first_attempt(Duration now) {
    refill(now);
    tokens_ = std::min(capacity_, tokens_ + ratio_);
}

bool RetryBudget::try_spend(Duration now) {
    refill(now);
    // A small tolerance so that ten deposits of 0.1 make the whole token they add up to.
    if (tokens_ < 1.0 - 1e-9)
        return false;
    tokens_ = std::max(0.0, tokens_ - 1.0);
    return true;
}

double RetryBudget::tokens(Duration now) {
    refill(now);
    return tokens_;
}

}  // namespace distlab::core::retry

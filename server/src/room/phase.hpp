#pragma once
// The phases of a mediation case and the machine that moves between them (DESIGN §2,
// PROTOCOL.md §6). Pure, thread-safe.
#include <optional>
#include <string_view>

namespace mr::room {

enum class Phase {
  intake,        // 受理
  notice,        // 告知
  mediation,     // 调解
  agreed,        // 达成协议
  not_agreed,    // 未达成
  referred,      // 引导
  confirmation,  // 司法确认
  follow_up,     // 回访
  closed,        // 结案
  suspended,     // 中止
};

std::string_view to_string(Phase phase);
std::optional<Phase> parse_phase(std::string_view text);

// The transitions phase.advance makes (PROTOCOL.md §6). The others have acts of their own, each
// with its guard: case.suspend / case.resume, case.withdraw and mediation.fail (→ not_agreed),
// referral.record (→ referred), agreement.conclude (→ agreed).
bool advances(Phase from, Phase to);

// Before an outcome: the phases a case may be suspended from and a party may withdraw in.
bool before_outcome(Phase phase);

}  // namespace mr::room

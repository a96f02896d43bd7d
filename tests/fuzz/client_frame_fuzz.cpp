// The frame parser and the act validator on any bytes a client could send: an answer (a frame
// or an error naming its code), never a crash, a leak or undefined behaviour.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/act_schemas.hpp"
#include "protocol/client_frames.hpp"

namespace {
const mr::protocol::ActSchemas& schemas() {
  static auto loaded = mr::protocol::ActSchemas::load(MEDIATION_SCHEMA_DIR);
  return *loaded;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed =
      mr::protocol::parse_client_frame({reinterpret_cast<const char*>(data), size});
  if (auto* error = std::get_if<mr::protocol::FrameError>(&parsed)) {
    if (error->code.empty()) std::abort();  // every refusal names its code
    return 0;
  }
  if (auto* act = std::get_if<mr::protocol::Act>(&std::get<mr::protocol::ClientFrame>(parsed)))
    (void)schemas().check(act->action, act->args);
  return 0;
}

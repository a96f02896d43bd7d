#pragma once
// The concluded agreement (调解协议书) as an HTML page that prints on A4 in Chinese: the parties'
// details, the facts and matters in dispute, the agreed items, performance, copies, and then each
// signer with time and key fingerprint, the organisation's seal and the version's hash. Every
// value is HTML-escaped; the page has no script. Pure, thread-safe.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace mr::record {

struct AgreementView {
  std::string room, case_title, field;
  nlohmann::json draft;  // common.schema.json#/$defs/Draft
  int version = 0;
  std::string sha256;
  struct Signer {
    std::string name, role, key;  // role: 当事人 / 调解员 / …
    std::int64_t time_ms = 0;
  };
  std::vector<Signer> signers;
  std::string org, org_key;  // the seal
  std::int64_t sealed_ms = 0;
  bool personal_status = false;  // a 婚姻家庭 case
};

std::string render_agreement_html(const AgreementView& view);

// The page's one <style> element's text, for the CSP hash that allows it and nothing else.
std::string_view agreement_stylesheet();

// What both printed pages say of a 婚姻家庭 case (its personal-status matters).
std::string_view personal_status_warning();

}  // namespace mr::record

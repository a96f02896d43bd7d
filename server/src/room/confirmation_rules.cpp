#include "room/confirmation_rules.hpp"

#include <algorithm>

#include "room/calendar.hpp"

namespace mr::room {
namespace {

using nlohmann::json;

// "2026-03-02" -> "2026年3月2日", as a Chinese court document writes a date.
std::string chinese_date(Day d) {
  return std::to_string(int(d.year())) + "年" + std::to_string(unsigned(d.month())) + "月" +
         std::to_string(unsigned(d.day())) + "日";
}

const char* kAlternatives =
    "可选途径：调解协议具有民事合同性质，当事人应当按照约定履行；一方不履行的，另一方可以向人民法院"
    "提起诉讼（《人民调解法》第三十二条）。解除婚姻关系的，可以到婚姻登记机关办理离婚登记，或者向"
    "人民法院提起离婚诉讼；确认物权、知识产权归属的，可以向人民法院提起确权诉讼或者向登记机关申请"
    "登记；协议中给付金钱、物品、有价证券的内容，可以申请办理赋予强制执行效力的公证（《公证法》第"
    "三十七条）。";

}  // namespace

const std::vector<CourtBasis>& court_bases() {
  static const std::vector<CourtBasis> bases = {
      {"party_domicile", "当事人住所地"},
      {"property_location", "标的物所在地"},
      {"organisation_location", "调解组织所在地"},
  };
  return bases;
}

std::optional<std::string_view> basis_words(std::string_view code) {
  for (const auto& b : court_bases())
    if (b.code == code) return b.words;
  return std::nullopt;
}

const std::vector<std::string>& confirmation_undertakings() {
  static const std::vector<std::string> texts = {
      "申请人出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；",
      "申请人提交的材料真实、合法，调解协议不损害国家利益、社会公共利益或者他人合法权益；",
      "如因调解协议内容给他人造成损害，申请人愿意承担相应的民事责任和其他法律责任。",
  };
  return texts;
}

std::optional<NotConfirmable> confirmation_refusal(const CaseState& state,
                                                   bool confirms_ownership) {
  if (state.personal_status())
    return NotConfirmable{
        "personal_status",
        "婚姻家庭等涉及身份关系的调解协议，人民法院不予受理司法确认申请（《最高人民法院关于适用〈中华"
        "人民共和国民事诉讼法〉的解释》第三百五十五条）。/ A court does not confirm an agreement on "
        "marriage, family or other personal status (SPC Interpretation of the Civil Procedure Law, "
        "art. 355).",
        kAlternatives};
  if (confirms_ownership)
    return NotConfirmable{
        "ownership",
        "调解协议内容涉及物权、知识产权确权的，人民法院不予受理司法确认申请（《最高人民法院关于适用"
        "〈中华人民共和国民事诉讼法〉的解释》第三百五十五条）。/ A court does not confirm an "
        "agreement that settles who owns property or intellectual property (SPC Interpretation of "
        "the Civil Procedure Law, art. 355).",
        kAlternatives};
  return std::nullopt;
}

std::vector<std::string> named_parties(const CaseState& state, int version) {
  std::vector<std::string> out;
  if (const auto* d = state.draft(version))
    for (const auto& p : d->draft.value("parties", json::array()))
      if (p.contains("participant") && p["participant"].is_string()) {
        const auto id = p["participant"].get<std::string>();
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
      }
  return out;
}

std::optional<json> build_application(const CaseState& state, const std::string& room,
                                      const ApplicationChoice& choice) {
  const auto& seal = state.seal();
  const auto version = state.sealed_version();
  const auto* draft = version ? state.draft(*version) : nullptr;
  const auto words = basis_words(choice.basis);
  if (!seal || !draft || !state.agreed_at() || !words) return std::nullopt;
  const std::string org = seal->body.value("org", "");
  const Day agreed = shanghai_day(*state.agreed_at());
  const auto& d = draft->draft;

  json applicants = json::array();
  for (const auto& p : d.value("parties", json::array()))
    applicants.push_back({{"side", p.value("side", "")},
                          {"role", p.value("role", "")},
                          {"name", p.value("name", "")},
                          {"sex", p.contains("sex") ? p["sex"] : json(nullptr)},
                          {"id_type", p.value("id_type", "")},
                          {"id_number", p.value("id_number", "")},
                          {"address", p.value("address", "")},
                          {"contact", p.value("contact", "")},
                          {"agent_of", p.contains("agent_of") ? p["agent_of"] : json(nullptr)}});
  std::string items;
  for (const auto& i : d.value("items", json::array()))
    items += (items.empty() ? "" : "；") + i.value("text", "");
  const std::string request =
      !choice.request.empty()
          ? choice.request
          : "请求人民法院依法确认申请人于" + chinese_date(agreed) + "经" + org +
                "主持调解达成的人民调解协议有效。";
  return json{
      {"title", "司法确认申请书"},
      {"room", room},
      {"applicants", applicants},
      {"organisation", org},
      {"agreement",
       {{"title", d.value("title", "")},
        {"version", draft->version},
        {"sha256", draft->sha256},
        {"date", to_string(agreed)}}},
      {"request", request},
      {"facts_and_reasons", "申请人之间因" + d.value("issues", std::string()) + "发生纠纷，经" +
                                org + "主持调解，于" + chinese_date(agreed) +
                                "自愿达成调解协议，协议内容为：" + items + "。"},
      {"court", {{"name", choice.court}, {"basis", choice.basis}, {"basis_words", *words}}},
      {"undertakings", confirmation_undertakings()},
      {"deadline", to_string(confirmation_deadline(*state.agreed_at()))}};
}

}  // namespace mr::room

#include "record/event_words.hpp"

#include <map>

#include "record/event_kind.hpp"
#include "record/record_html.hpp"

namespace mr::record {
namespace {

std::string str(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
}
std::string esc(const nlohmann::json& j, const char* key) { return html_escape(str(j, key)); }
bool flag(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.value(key, false) == true;
}

std::string side_name(const std::string& side) {
  return side == "A" ? "申请人方" : side == "B" ? "被申请人方" : side;
}

std::string phase_name(const std::string& phase) {
  static const std::map<std::string, std::string> names = {
      {"intake", "受理"},          {"notice", "告知"},       {"mediation", "调解"},
      {"agreed", "达成协议"},      {"not_agreed", "未达成"}, {"referred", "引导"},
      {"confirmation", "司法确认"}, {"follow_up", "回访"},    {"closed", "结案"},
      {"suspended", "中止"}};
  auto it = names.find(phase);
  return it == names.end() ? phase : it->second;
}

}  // namespace

// The client's catalogue says the same (client-web/src/i18n, identity.method.*).
std::string identity_method_name(const std::string& method) {
  static const std::map<std::string, std::string> names = {{"id_card_video", "视频核对身份证件"},
                                                           {"in_person", "当面核验"},
                                                           {"zhelibang", "浙里办实名认证"},
                                                           {"passport", "核对护照"},
                                                           {"other", "其他方式"}};
  auto it = names.find(method);
  return it == names.end() ? method : it->second;
}

namespace {

// "（阶段：调解 → 达成协议）" when the event moved the case.
std::string phase_move(const nlohmann::json& b) {
  if (!b.is_object() || !b.contains("phase") || !b["phase"].is_object()) return "";
  return "（阶段：" + html_escape(phase_name(str(b["phase"], "from"))) + " → " +
         html_escape(phase_name(str(b["phase"], "to"))) + "）";
}

std::string person(const nlohmann::json& p) {
  if (!p.is_object()) return html_escape(p.is_string() ? p.get<std::string>() : "");
  std::optional<std::string> side;
  if (p.contains("side") && p["side"].is_string()) side = p["side"].get<std::string>();
  return esc(p, "name") + "（" + html_escape(role_name(str(p, "role"), side)) + "）";
}

std::string with_reason(const nlohmann::json& b) {
  const auto reason = str(b, "reason");
  return reason.empty() ? "" : "，理由：" + html_escape(reason);
}

std::string sha(const nlohmann::json& b, const char* key) {
  return "<span class=\"mono\">" + esc(b, key) + "</span>";
}

}  // namespace

std::string role_name(const std::string& role, const std::optional<std::string>& side) {
  if (role == "mediator") return "调解员";
  if (role == "party") return side == "A" ? "申请人" : side == "B" ? "被申请人" : "当事人";
  if (role == "advisor") return "法治指导员";
  if (role == "observer") return "旁听人员";
  return role;
}

std::string describe_event(const std::string& kind, const nlohmann::json& b) {
  const auto parsed = parse_event_kind(kind);
  if (!parsed) return "事件 " + html_escape(kind);
  switch (*parsed) {
    case EventKind::room_created:
      return "创建调解室：" + esc(b, "title") + "（" + esc(b, "field") + "）";
    case EventKind::participant_joined: {
      const auto who = b.value("participant", nlohmann::json());
      // An advisor joins the mediators' consultation, not the joint room (DESIGN §3).
      return person(who) + (str(who, "role") == "advisor" ? "进入法治咨询" : "进入调解室");
    }
    case EventKind::participant_left:
      return "离开调解室";
    case EventKind::message:
      return "<span class=\"text\">" + esc(b, "text") + "</span>";
    case EventKind::advisor_admitted:
      return "法治指导员" + esc(b.value("participant", nlohmann::json()), "name") + "进入联合调解";
    case EventKind::advisor_dismissed:
      return "法治指导员" + esc(b.value("participant", nlohmann::json()), "name") + "离开联合调解";
    case EventKind::phase_changed:
      return "程序阶段变更" + phase_move(b) + with_reason(b);
    case EventKind::party_withdrew:
      return "当事人撤回调解" + phase_move(b) + with_reason(b);
    case EventKind::disclosure_made:
      return std::string("调解员披露：") + (flag(b, "conflict") ? "存在" : "不存在") +
             "利害关系。" + esc(b, "statement");
    case EventKind::disclosure_answered:
      return std::string("当事人") + (flag(b, "accept") ? "接受" : "不接受") + "调解员的披露";
    case EventKind::recusal_requested:
      return "申请调解员回避" + with_reason(b);
    case EventKind::recusal_decided:
      return std::string("回避申请") + (flag(b, "granted") ? "准许" : "驳回") + with_reason(b);
    case EventKind::mediator_added:
      return "增加调解员：" + person(b.value("participant", nlohmann::json())) + esc(b, "org");
    case EventKind::presiding_handed:
      return "主持调解员变更";
    case EventKind::identity_checked:
      return "核验身份（" + html_escape(identity_method_name(str(b, "method"))) + "，证件号 " +
             esc(b, "document") + "）";
    case EventKind::notice_acknowledged:
      return "确认已阅读权利义务告知书，文本哈希 " + sha(b, "text_sha256");
    case EventKind::notice_given_otherwise:
      return "以其他方式告知权利义务" + with_reason(b);
    case EventKind::caucus_opened:
      return "开始背对背调解（" + html_escape(side_name(str(b, "side"))) + "）";
    case EventKind::caucus_closed:
      return "结束背对背调解（" + html_escape(side_name(str(b, "side"))) + "）";
    case EventKind::legal_explained:
      return "以案释法：" + esc(b, "law") + " " + esc(b, "article") + "：" + esc(b, "explanation");
    case EventKind::transcript_entry:
      return "调解笔录第 " + esc(b, "entry") + " 条（第 " + esc(b, "version") + " 稿）：" +
             "<span class=\"text\">" + esc(b, "text") + "</span>";
    case EventKind::facts_confirmed:
      return "确认调解笔录第 " + esc(b, "entry") + " 条，哈希 " + sha(b, "sha256");
    case EventKind::mediation_failed:
      return "调解未达成协议" + phase_move(b) + with_reason(b);
    case EventKind::referral_made:
      return "引导至" + esc(b, "route") + phase_move(b) + with_reason(b);
    case EventKind::followup_recorded:
      return "履行回访：" + esc(b, "result") + "（" + esc(b, "date") + "）";
    case EventKind::document_shared:
      return "提交文件：" + esc(b, "name") + "（" + esc(b, "size") + " 字节），哈希 " +
             sha(b, "sha256");
    case EventKind::draft_saved:
      return "保存调解协议草案第 " + esc(b, "version") + " 版，哈希 " + sha(b, "sha256");
    case EventKind::draft_commented:
      return "对协议草案第 " + esc(b, "version") + " 版提出意见：" + esc(b, "text");
    case EventKind::key_registered:
      return "登记签名密钥 " + sha(b, "key");
    case EventKind::key_revoked:
      return "撤销签名密钥 " + sha(b, "key");
    case EventKind::agreement_signed:
      return "签署调解协议第 " + esc(b, "version") + " 版，协议哈希 " + sha(b, "draft_sha256");
    case EventKind::agreement_sealed:
      return "调解组织" + esc(b, "org") + "加盖电子印章，协议第 " + esc(b, "version") +
             " 版生效" + phase_move(b);
    case EventKind::application_prepared:
      return "制作司法确认申请书第 " + esc(b, "version") + " 版（致" +
             esc(b, "court") + "），哈希 " + sha(b, "sha256");
    case EventKind::application_confirmed:
      return "确认司法确认申请书第 " + esc(b, "version") + " 版并作出承诺，申请书哈希 " +
             sha(b, "application_sha256");
    case EventKind::enforcement_consented:
      return "债务人就调解协议第 " + esc(b, "version") + " 版第 " + esc(b, "item") +
             " 项给付义务作出自愿接受强制执行的承诺（《公证法》第三十七条）";
  }
  return "事件 " + html_escape(kind);
}

}  // namespace mr::record

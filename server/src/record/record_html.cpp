#include "record/record_html.hpp"

#include "record/agreement_html.hpp"
#include "record/event_words.hpp"

#include <ctime>
#include <map>
#include <set>

namespace mr::record {
namespace {

std::string channel_name(const std::string& channel) {
  if (channel == "main") return "联合调解";
  if (channel == "caucus:A") return "背对背（申请人方）";
  if (channel == "caucus:B") return "背对背（被申请人方）";
  if (channel == "consult") return "调解员与法治指导员咨询";
  return channel;
}

// One line describing what happened, already escaped.
std::string describe(const RecordView::Entry& e) {
  if (!e.body)
    return "<span class=\"omitted\">（本次导出未包含该内容，仅保留其哈希；依《人民法院在线调解规则》第十八条，背对背"
           "及咨询内容不向他方披露）</span>";
  return describe_event(e.kind, *e.body);
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 11pt;
       line-height: 1.5; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #000; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 1mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
tr { page-break-inside: avoid; }
.mono, code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
.text { white-space: pre-wrap; }
.omitted { color: #555; }
.warning { border: 1px solid #000; padding: 2mm; margin: 4mm 0; }
table.timeline { table-layout: fixed; }
td { overflow-wrap: anywhere; }
)";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string beijing_time(std::int64_t ms) {
  const std::time_t t = std::time_t(ms / 1000) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string render_record_html(const RecordView& v) {
  std::map<std::string, std::string> names;
  for (const auto& p : v.participants)
    names[p.id] = p.name + "（" + role_name(p.role, p.side) + "）";
  names["server"] = "系统";

  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  h += "调解记录 " + html_escape(v.room.id) + "</title>\n<style>" + kStyle +
       "</style>\n</head>\n<body>\n";
  h += "<h1>在线调解过程记录</h1>\n";
  if (v.room.field == "婚姻家庭")
    h += "<p class=\"warning\">" + std::string(personal_status_warning()) + "</p>\n";

  h += "<h2>一、案件信息</h2>\n<table>\n";
  auto row = [&](const std::string& k, const std::string& val) {
    h += "<tr><th style=\"width:32mm\">" + k + "</th><td>" + val + "</td></tr>\n";
  };
  row("调解室编号", "<span class=\"mono\">" + html_escape(v.room.id) + "</span>");
  row("案件名称", html_escape(v.room.title));
  row("纠纷类型", html_escape(v.room.field));
  row("主持调解员", html_escape(v.mediator_name) + "（" + html_escape(v.mediator_org) + "）");
  row("立案时间", beijing_time(v.room.created_ms) + "（北京时间）");
  if (!v.events.empty() && v.events[0].kind == "room.created" && v.events[0].body) {
    std::string parties;
    for (const auto& p : v.events[0].body->value("parties", nlohmann::json::array()))
      if (p.is_object())
        parties += (parties.empty() ? "" : "；") +
                   html_escape(role_name("party", p.value("side", ""))) + " " +
                   html_escape(p.value("name", ""));
    if (!parties.empty()) row("立案登记的当事人", parties);
  }
  row("导出时间", beijing_time(v.exported_ms) + "（北京时间）");
  row("导出范围", v.include_private ? "全部内容（含背对背及咨询内容）"
                                    : "联合调解内容及全部程序事件（背对背及咨询内容仅保留哈希）");
  h += "</table>\n";

  // Who took part: mediators, and those invited who actually entered the room.
  std::set<std::string> joined;
  for (const auto& e : v.events)
    if (e.kind == "participant.joined" && e.body && e.body->contains("participant") &&
        (*e.body)["participant"].is_object())
      joined.insert((*e.body)["participant"].value("id", ""));
  h += "<h2>二、参与人及身份</h2>\n<table>\n<tr><th>编号</th><th>姓名</th><th>身份</th></tr>\n";
  for (const auto& p : v.participants)
    if (p.role == "mediator" || joined.count(p.id))
    h += "<tr><td class=\"mono\">" + html_escape(p.id) + "</td><td>" + html_escape(p.name) +
         "</td><td>" + html_escape(role_name(p.role, p.side)) + "</td></tr>\n";
  h += "</table>\n";

  h += "<h2>三、时间线</h2>\n<table class=\"timeline\">\n<colgroup><col style=\"width:10mm\">"
       "<col style=\"width:26mm\"><col style=\"width:30mm\"><col style=\"width:22mm\"><col>"
       "</colgroup>\n<tr><th>序号</th><th>时间（北京时间）</th><th>行为人</th>"
       "<th>场合</th><th>内容</th></tr>\n";
  for (const auto& e : v.events) {
    auto who = names.find(e.actor);
    h += "<tr><td>" + std::to_string(e.seq) + "</td><td>" + beijing_time(e.time_ms) + "</td><td>" +
         html_escape(who != names.end() ? who->second : e.actor) + "</td><td>" +
         html_escape(channel_name(e.channel)) + "</td><td>" + describe(e) + "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>四、完整性校验</h2>\n<table>\n";
  row("事件总数", std::to_string(v.size));
  row("默克尔树根哈希", "<span class=\"mono\">" + html_escape(v.root_hex) + "</span>");
  row("服务器签名密钥", html_escape(v.key_name));
  row("密钥指纹（SHA-256）", "<span class=\"mono\">" + html_escape(v.key_fingerprint) + "</span>");
  h += "</table>\n";
  h +=
      "<p>本记录的每一事件均以规范 JSON 字节存储，事件头按 RFC 6962 组成默克尔树，服务器以 Ed25519 "
      "密钥对树的大小与根哈希签署检查点（C2SP 签名笔记格式）。核验方法：在不联网的计算机上运行 "
      "<code>mediation-room verify 本文件所在压缩包.zip --server-key 密钥指纹</code>，"
      "程序将逐一核对清单签名、每个文件的哈希、每个事件的顺序与内容哈希、每个检查点的签名与根哈希，"
      "并指出第一处不符。密钥指纹应通过调解组织公布的其他渠道取得，不应仅以本页为准。"
      "格式说明见 protocol/RECORD.md。</p>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace mr::record

#include "package/dossier_html.hpp"

#include "crypto/sha256.hpp"
#include "record/agreement_html.hpp"
#include "record/canonical_json.hpp"
#include "record/event_words.hpp"
#include "record/record_html.hpp"
#include "room/confirmation_rules.hpp"

namespace mr::package {
namespace {

using nlohmann::json;
using record::html_escape;

// Print rules: A4, page numbers in the margin, each document from a new page, and nothing that
// can run past a page edge (long hashes break anywhere, rows and signature blocks do not split).
constexpr const char* kStyle = R"(
@page { size: A4; margin: 18mm 16mm 20mm;
        @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
                         font-size: 9pt; } }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei",
       "Songti SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000; }
body { margin: 0; }
.doc { break-before: page; page-break-before: always; }
.cover { text-align: center; padding-top: 40mm; }
.cover h1 { font-size: 24pt; letter-spacing: 0.2em; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 3mm; }
th, td { border: 1px solid #444; padding: 1mm 2mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
tr, .item, .signer, .seal, .undertaking { break-inside: avoid; page-break-inside: avoid; }
.toc { text-align: left; margin: 12mm auto 0; width: 120mm; }
.toc td { border: none; }
.text { white-space: pre-wrap; margin: 0 0 2mm; }
.mono, code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all;
              overflow-wrap: anywhere; }
.seal { margin-top: 5mm; border: 2px solid #a00; color: #a00; padding: 2mm 3mm; }
.warning { border: 1px solid #000; padding: 2mm; margin: 4mm 0; }
img, svg { max-width: 100%; }
.case { text-align: center; }
)";

}  // namespace

std::string text_of(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
}
std::string html_of(const json& j, const char* key) { return html_escape(text_of(j, key)); }

std::string dossier_style() { return kStyle; }

std::string verify_section(const std::string& root_hex, const std::string& server_key,
                           const std::string& org_key, const char* format_section) {
  return "<section class=\"doc\" id=\"verify\">\n<h1>核验说明</h1>\n<p>本材料可离线核验：</p>\n"
         "<p><code>mediation-room verify 本文件.zip --server-key 服务器密钥指纹 --org-key "
         "调解组织印章密钥指纹</code></p>\n<table>\n<tr><th style=\"width:34mm\">最终根哈希</th>"
         "<td class=\"mono\">" +
         html_escape(root_hex) +
         "</td></tr>\n<tr><th>服务器密钥指纹</th>"
         "<td class=\"mono\">" +
         html_escape(server_key) + "</td></tr>\n<tr><th>印章密钥指纹</th><td class=\"mono\">" +
         html_escape(org_key) +
         "</td></tr>\n</table>\n<p>指纹须从调解组织公布的渠道取得，不能只信本材料。格式见 "
         "protocol/RECORD.md " +
         format_section + "。</p>\n</section>\n";
}

std::string sealed_agreement_html(const store::RoomSnapshot& snapshot, const room::CaseState& s,
                                  const std::map<std::string, std::string>& names) {
  const auto& seal = s.seal()->body;
  const auto* draft = s.draft(*s.sealed_version());
  record::AgreementView v;
  v.room = snapshot.room.id;
  v.case_title = snapshot.room.title;
  v.field = s.field().value_or("");
  v.draft = draft->draft;
  v.version = draft->version;
  v.sha256 = draft->sha256;
  for (const auto& [who, sig] : s.signatures(draft->version))
    v.signers.push_back({names.count(who) ? names.at(who) : who,
                         sig.role == "mediator" ? "调解员" : "当事人", sig.key, sig.time_ms});
  v.org = seal.value("org", "");
  v.org_key = seal.value("org_key", "");
  v.sealed_ms = seal.value("time", std::int64_t(0));
  const auto page = record::render_agreement_html(v);
  const auto from = page.find("<body>\n"), to = page.rfind("</body>");
  return from == std::string::npos || to == std::string::npos
             ? std::string()
             : page.substr(from + 7, to - from - 7);
}

namespace {

std::string section_open(const char* doc, const std::string& file, const std::string& sha,
                         const char* id) {
  return "<section class=\"doc\" id=\"" + std::string(id) + "\" data-doc=\"" + doc +
         "\" data-file=\"" + html_escape(file) + "\" data-sha256=\"" + html_escape(sha) + "\">\n";
}

std::string name_of(const DossierInput& in, const std::string& id) {
  return html_escape(in.names.count(id) ? in.names.at(id) : id);
}

std::string application_section(const DossierInput& in) {
  const auto& a = in.application;
  std::string h = section_open("application", "application/application.json", in.application_sha256,
                               "application");
  h += "<h1>" + html_of(a, "title") + "</h1>\n";
  h += "<table>\n<tr><th style=\"width:22mm\">身份</th><th>姓名</th><th>性别</th><th>证件</th>"
       "<th>住址</th><th>联系方式</th></tr>\n";
  for (const auto& p : a.value("applicants", json::array())) {
    std::string role = text_of(p, "side") == "A" ? "申请人" : "申请人（原被申请人）";
    if (text_of(p, "role") == "agent") role += "的代理人（代理" + text_of(p, "agent_of") + "）";
    h += "<tr><td>" + html_escape(role) + "</td><td>" + html_of(p, "name") + "</td><td>" +
         html_of(p, "sex") + "</td><td>" + html_of(p, "id_type") + " " + html_of(p, "id_number") +
         "</td><td>" + html_of(p, "address") + "</td><td>" + html_of(p, "contact") + "</td></tr>\n";
  }
  h += "</table>\n";
  const auto court = a.value("court", json::object());
  h += "<p>致：<strong>" + html_of(court, "name") +
       "</strong>（管辖依据：《民事诉讼法》第二百零五条，" + html_of(court, "basis_words") +
       "）</p>\n";
  h += "<h2>请求事项</h2>\n<p class=\"text\">" + html_of(a, "request") + "</p>\n";
  h += "<h2>事实与理由</h2>\n<p class=\"text\">" + html_of(a, "facts_and_reasons") + "</p>\n";
  const auto agreement = a.value("agreement", json::object());
  h += "<p>调解组织：" + html_of(a, "organisation") + "；调解协议：" + html_of(agreement, "title") +
       "第 " + html_of(agreement, "version") + " 版，" + html_of(agreement, "date") +
       " 生效，SHA-256 <span class=\"mono\">" + html_of(agreement, "sha256") + "</span></p>\n";
  h += "<h2>申请人承诺（《民诉法解释》第三百五十二条）</h2>\n";
  for (const auto& u : a.value("undertakings", json::array()))
    h += "<p class=\"undertaking text\">" + html_escape(u.is_string() ? u.get<std::string>() : "") +
         "</p>\n";
  h += "<p>申请司法确认的期限：调解协议生效之日起三十日内，即 " + html_of(a, "deadline") +
       " 前（含当日）。</p>\n";
  h += "<h2>当事人确认</h2>\n<table>\n<tr><th>当事人</th><th>确认时间（北京时间）</th>"
       "<th>签名密钥指纹（SHA-256）</th></tr>\n";
  const auto* latest = in.state.latest_application();
  for (const auto& [who, c] : in.state.application_confirmations(latest->version))
    h += "<tr class=\"signer\"><td>" + name_of(in, who) + "</td><td>" +
         record::beijing_time(c.time_ms) + "</td><td class=\"mono\">" + html_escape(c.key) +
         "</td></tr>\n";
  h += "</table>\n<p class=\"mono\">申请书第 " + std::to_string(latest->version) +
       " 版，SHA-256：" + html_escape(in.application_sha256) + "</p>\n</section>\n";
  return h;
}

// 调解笔录: the undisputed facts, the notice, identities, disclosures and recusals, from the log.
std::string transcript_section(const DossierInput& in) {
  std::map<std::string, json> facts;  // entry -> latest fact version
  std::map<std::string, std::vector<std::string>> confirmed;
  std::string notices, identities, disclosures, recusals;
  for (const auto& e : in.snapshot.events) {
    if (e.kind == "message" || e.kind == "document.shared") continue;
    const json b = json::parse(e.body, nullptr, false);
    if (!b.is_object()) continue;
    const std::string when = record::beijing_time(e.time_ms);
    if (e.kind == "transcript.entry") {
      if (text_of(b, "kind") == "fact") facts[text_of(b, "entry")] = b;
      confirmed.erase(text_of(b, "entry"));
    } else if (e.kind == "facts.confirmed" && b.value("confirm", false)) {
      confirmed[text_of(b, "entry")].push_back(name_of(in, e.actor));
    } else if (e.kind == "notice.acknowledged") {
      notices += "<tr><td>" + name_of(in, e.actor) + "</td><td>" + when + "</td><td>" +
                 html_of(b, "template") + "（" + html_of(b, "language") +
                 "）</td><td class=\"mono\">" + html_of(b, "text_sha256") + "</td></tr>\n";
    } else if (e.kind == "notice.given_otherwise") {
      notices += "<tr><td>" + name_of(in, text_of(b, "participant")) + "</td><td>" + when +
                 "</td><td>以其他方式告知：" + html_of(b, "reason") + "</td><td></td></tr>\n";
    } else if (e.kind == "identity.checked") {
      identities += "<tr><td>" + name_of(in, text_of(b, "participant")) + "</td><td>" + when +
                    "</td><td>" + html_escape(record::identity_method_name(text_of(b, "method"))) +
                    "</td><td>" + html_of(b, "document") + "</td><td>" + name_of(in, e.actor) +
                    "</td></tr>\n";
    } else if (e.kind == "disclosure.made") {
      disclosures += "<tr><td>" + name_of(in, text_of(b, "mediator")) + "</td><td>" + when +
                     "</td><td>" +
                     (b.value("conflict", false) ? "披露利害关系" : "声明无利害关系") + "：" +
                     html_of(b, "statement") + "</td></tr>\n";
    } else if (e.kind == "disclosure.answered") {
      disclosures += "<tr><td>" + name_of(in, e.actor) + "</td><td>" + when + "</td><td>" +
                     (b.value("accept", false) ? "同意继续调解" : "不同意继续调解") +
                     "</td></tr>\n";
    } else if (e.kind == "recusal.requested") {
      recusals += "<tr><td>" + name_of(in, e.actor) + " 申请 " +
                  name_of(in, text_of(b, "mediator")) + " 回避</td><td>" + when + "</td><td>" +
                  html_of(b, "reason") + "</td></tr>\n";
    } else if (e.kind == "recusal.decided") {
      recusals += "<tr><td>" + name_of(in, e.actor) + " 决定</td><td>" + when + "</td><td>" +
                  (b.value("granted", false) ? "准予回避" : "驳回回避申请") + "：" +
                  html_of(b, "reason") + "</td></tr>\n";
    }
  }
  std::string h = section_open("transcript", "events/headers.jsonl", in.root_hex, "transcript");
  h += "<h1>调解笔录</h1>\n<p class=\"case\">" + html_escape(in.snapshot.room.title) + "（调解室 " +
       html_escape(in.snapshot.room.id) + "）</p>\n";
  h += "<h2>无争议事实（经当事人确认）</h2>\n";
  if (facts.empty()) h += "<p>（无）</p>\n";
  for (const auto& [id, f] : facts) {
    const auto& who = confirmed[id];
    std::string names;
    for (const auto& n : who) names += (names.empty() ? "" : "、") + n;
    h += "<p class=\"item text\">" + html_of(f, "text") + "<br><span class=\"mono\">" +
         html_of(f, "entry") + " 第 " + html_of(f, "version") + " 版 SHA-256 " +
         html_of(f, "sha256") + "</span>；确认：" + (names.empty() ? "（未确认）" : names) +
         "</p>\n";
  }
  auto table = [](const std::string& head, const std::string& rows) {
    return rows.empty() ? std::string("<p>（无）</p>\n") : "<table>\n" + head + rows + "</table>\n";
  };
  h += "<h2>权利义务告知</h2>\n" +
       table("<tr><th>当事人</th><th>时间</th><th>告知书</th><th>文本哈希（SHA-256）</th></tr>\n",
             notices);
  h += "<h2>身份核验</h2>\n" +
       table(
           "<tr><th>参与人</th><th>时间</th><th>方式</th><th>证件号（部分隐去）</th>"
           "<th>核验人</th></tr>\n",
           identities);
  h += "<h2>利害关系披露</h2>\n" +
       table("<tr><th>人员</th><th>时间</th><th>内容</th></tr>\n", disclosures);
  h += "<h2>回避</h2>\n" + table("<tr><th>事项</th><th>时间</th><th>理由</th></tr>\n", recusals);
  h += "<p>背对背（单方会谈）中的陈述依《人民法院在线调解规则》第十八条不在本笔录中公开。</p>\n";
  return h + "</section>\n";
}

std::string evidence_section(const DossierInput& in) {
  std::string h = section_open("evidence", "application/package.json",
                               crypto::sha256_hex(record::to_canonical(in.descriptor)), "evidence");
  h += "<h1>证据材料清单</h1>\n";
  const auto evidence = in.descriptor.value("evidence", json::array());
  if (evidence.empty())
    h += "<p>（无）</p>\n";
  else {
    h += "<table>\n<tr><th style=\"width:10mm\">序号</th><th>名称</th><th style=\"width:22mm\">"
         "大小（字节）</th><th>文件（SHA-256）</th></tr>\n";
    int n = 0;
    for (const auto& d : evidence)
      h += "<tr data-evidence=\"" + html_of(d, "sha256") + "\"><td>" + std::to_string(++n) +
           "</td><td>" + html_of(d, "name") + "</td><td>" + html_of(d, "size") +
           "</td><td class=\"mono\">documents/" + html_of(d, "sha256") + "</td></tr>\n";
    h += "</table>\n";
  }
  h += "<h2>背对背材料（仅列哈希，不含内容）</h2>\n";
  const auto caucus = in.descriptor.value("caucus_documents", json::array());
  if (caucus.empty()) h += "<p>（无）</p>\n";
  for (const auto& d : caucus)
    h += "<p class=\"item mono\" data-caucus=\"" + html_of(d, "sha256") + "\">" +
         html_of(d, "channel") + "，事件 " + html_of(d, "seq") + "：" + html_of(d, "sha256") +
         "</p>\n";
  return h + "</section>\n";
}

std::string certificate_section(const DossierInput& in) {
  const auto& c = in.certificate;
  std::string h = section_open("certificate", "application/certificate.json", in.certificate_sha256,
                               "certificate");
  h += "<h1>调解证明</h1>\n<p class=\"text\">" + html_of(c, "statement") + "</p>\n<table>\n";
  std::string mediators;
  for (const auto& m : c.value("mediators", json::array()))
    mediators += (mediators.empty() ? "" : "、") + html_of(m, "name");
  h += "<tr><th style=\"width:34mm\">调解组织</th><td>" + html_of(c, "org") + "</td></tr>\n";
  h += "<tr><th>调解员</th><td>" + mediators + "</td></tr>\n";
  h += "<tr><th>受理日期</th><td>" + html_of(c, "started") + "</td></tr>\n";
  h += "<tr><th>调解结果</th><td>" + html_of(c, "outcome") + "（" + html_of(c, "concluded") +
       "）</td></tr>\n";
  h += "<tr><th>调解记录</th><td class=\"mono\">" + html_of(c, "record_size") + " 个事件，根哈希 " +
       html_of(c, "record_root") + "</td></tr>\n</table>\n";
  h += "<div class=\"seal\"><strong>" + html_of(c, "org") + "</strong>（电子印章）<br>出具时间：" +
       record::beijing_time(c.value("time", std::int64_t(0))) +
       "（北京时间）<br>印章密钥指纹：<span class=\"mono\">" + html_of(c, "org_key") +
       "</span><br>印章（Ed25519）：<span class=\"mono\">" + html_escape(in.certificate_seal) +
       "</span></div>\n";
  return h + "</section>\n";
}

}  // namespace

std::string render_dossier_html(const DossierInput& in) {
  const auto& room = in.snapshot.room;
  const auto deadline = in.descriptor.value("deadline", json::object());
  const auto court = in.application.value("court", json::object());
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>司法确认申请材料 " +
      html_escape(room.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  h += "<section class=\"cover\">\n<h1>司法确认申请材料</h1>\n<p>" + html_escape(room.title) +
       "</p>\n<p>调解室 " + html_escape(room.id) + "　" +
       html_escape(in.state.field().value_or("")) + "</p>\n<p>致 " + html_of(court, "name") +
       "</p>\n<p>申请期限：" + html_of(deadline, "last_day") + " 前（调解协议 " +
       html_of(deadline, "agreed") + " 生效，三十日内；截至 " + html_of(deadline, "as_of") +
       (deadline.value("passed", false) ? " 已过期限"
                                        : " 尚余 " + html_of(deadline, "days_left") + " 日") +
       "）</p>\n<table class=\"toc\">\n<tr><th colspan=\"2\">目录</th></tr>\n";
  int n = 0;
  for (const char* title : {"司法确认申请书", "人民调解协议书（签名与印章）", "调解笔录",
                            "证据材料清单", "调解证明", "核验说明"})
    h += "<tr><td>" + std::to_string(++n) + "</td><td>" + title + "</td></tr>\n";
  h += "</table>\n</section>\n";
  h += application_section(in);
  const auto& seal = in.state.seal()->body;
  h += section_open("agreement",
                    "agreement/versions/" + std::to_string(*in.state.sealed_version()) + ".json",
                    seal.value("draft_sha256", ""), "agreement") +
       sealed_agreement_html(in.snapshot, in.state, in.names) + "</section>\n";
  h += transcript_section(in);
  h += evidence_section(in);
  h += certificate_section(in);
  h += verify_section(in.root_hex, in.server_key_fingerprint, text_of(in.certificate, "org_key"),
                      "§6.1");
  return h + "</body>\n</html>\n";
}

}  // namespace mr::package

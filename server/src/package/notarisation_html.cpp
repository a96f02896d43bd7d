#include "package/notarisation_html.hpp"

#include "crypto/sha256.hpp"
#include "package/dossier_html.hpp"
#include "record/canonical_json.hpp"
#include "record/record_html.hpp"
#include "record/signing_statement.hpp"

namespace mr::package {
namespace {

using nlohmann::json;
using record::html_escape;

std::string kind_words(const std::string& kind) {
  return kind == "money"        ? "金钱"
         : kind == "goods"      ? "物品"
         : kind == "securities" ? "有价证券"
                                : kind;
}

std::string side_words(const json& p) {
  std::string role = text_of(p, "side") == "A" ? "申请人" : "被申请人";
  if (text_of(p, "role") == "agent") role += "的代理人（代理" + text_of(p, "agent_of") + "）";
  return role;
}

std::string party_row(const json& p) {
  return "<tr><td>" + html_escape(side_words(p)) + "</td><td>" + html_of(p, "name") + "</td><td>" +
         html_of(p, "sex") + "</td><td>" + html_of(p, "id_type") + " " + html_of(p, "id_number") +
         "</td><td>" + html_of(p, "address") + "</td><td>" + html_of(p, "contact") + "</td></tr>\n";
}

constexpr const char* kPartyHead =
    "<tr><th style=\"width:24mm\">身份</th><th>姓名</th><th>性别</th><th>证件</th><th>住址</th>"
    "<th>联系方式</th></tr>\n";

std::string section_open(const char* doc, const std::string& file, const std::string& sha,
                         const char* id) {
  return "<section class=\"doc\" id=\"" + std::string(id) + "\" data-doc=\"" + doc +
         "\" data-file=\"" + html_escape(file) + "\" data-sha256=\"" + html_escape(sha) + "\">\n";
}

std::string obligation_block(const NotarisationDossierInput& in, const json& o) {
  const auto& payment = o.value("payment", json::object());
  const auto& consent =
      in.state.enforcement_consents(in.descriptor["agreement"].value("version", 0))
          .at(text_of(o, "item"));
  std::string h = "<div class=\"item\" data-consent=\"" + html_of(o, "consent_seq") + "\">\n";
  h += "<h2>协议第 " + html_of(o, "item") + " 项</h2>\n<p class=\"text\">" + html_of(o, "text") +
       "</p>\n";
  h += "<table>\n<tr><th style=\"width:34mm\">给付种类</th><td>" +
       html_escape(kind_words(text_of(payment, "kind"))) + "</td></tr>\n";
  h += "<tr><th>数额（标的）</th><td>" + html_of(payment, "amount") + "</td></tr>\n";
  h += "<tr><th>履行期限</th><td>" + html_of(payment, "due") + " 前（含当日）</td></tr>\n";
  const auto debtor = o.value("debtor", json::object()),
             creditor = o.value("creditor", json::object());
  h += "<tr><th>债务人</th><td>" + html_of(debtor, "name") + "（" + html_of(debtor, "id_type") +
       " " + html_of(debtor, "id_number") + "）</td></tr>\n";
  h += "<tr><th>债权人</th><td>" + html_of(creditor, "name") + "（" + html_of(creditor, "id_type") +
       " " + html_of(creditor, "id_number") + "）</td></tr>\n</table>\n";
  h += "<div class=\"signer\"><p><strong>自愿接受强制执行承诺</strong>：" +
       html_escape(record::kEnforcementConsentWords) + "</p>\n<p>承诺人：" +
       html_of(debtor, "name") + "　签署时间：" + record::beijing_time(consent.time_ms) +
       "（北京时间）　记录事件 " + html_of(o, "consent_seq") +
       "</p>\n<p>签名密钥指纹（SHA-256）：<span class=\"mono\">" + html_escape(consent.key) +
       "</span><br>签名（ECDSA P-256）：<span class=\"mono\">" + html_escape(consent.signature) +
       "</span></p></div>\n</div>\n";
  return h;
}

}  // namespace

std::string render_notarisation_html(const NotarisationDossierInput& in) {
  const auto& room = in.snapshot.room;
  const auto& d = in.descriptor;
  const auto agreement = d.value("agreement", json::object());
  const std::string descriptor_sha = crypto::sha256_hex(record::to_canonical(d));
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>赋强公证申请材料 " +
      html_escape(room.title) + "</title>\n<style>" + dossier_style() +
      "</style>\n</head>\n<body>\n";
  h += "<section class=\"cover\">\n<h1>赋强公证申请材料</h1>\n<p>" + html_escape(room.title) +
       "</p>\n<p>调解室 " + html_escape(room.id) + "　" +
       html_escape(in.state.field().value_or("")) +
       "</p>\n<p>具有给付内容、债务人承诺自愿接受强制执行的调解协议（《公证法》第三十七条）</p>\n"
       "<table class=\"toc\">\n<tr><th colspan=\"2\">目录</th></tr>\n";
  int n = 0;
  for (const char* title :
       {"当事人信息", "人民调解协议书（签名与印章）", "给付义务与自愿接受强制执行承诺", "核验说明"})
    h += "<tr><td>" + std::to_string(++n) + "</td><td>" + title + "</td></tr>\n";
  h += "</table>\n</section>\n";

  h += section_open("parties", "notarisation/package.json", descriptor_sha, "parties");
  h += "<h1>当事人信息</h1>\n<table>\n" + std::string(kPartyHead);
  for (const auto& p : d.value("parties", json::array())) h += party_row(p);
  h += "</table>\n</section>\n";

  h += section_open("agreement", text_of(agreement, "file"), text_of(agreement, "sha256"),
                    "agreement") +
       sealed_agreement_html(in.snapshot, in.state, in.names) + "</section>\n";

  h += section_open("consent", "notarisation/package.json", descriptor_sha, "consent");
  h += "<h1>给付义务与自愿接受强制执行承诺</h1>\n";
  for (const auto& o : d.value("obligations", json::array())) h += obligation_block(in, o);
  h += "</section>\n";

  h += verify_section(in.root_hex, in.server_key_fingerprint,
                      in.state.seal()->body.value("org_key", ""), "§6.2");
  return h + "</body>\n</html>\n";
}

}  // namespace mr::package

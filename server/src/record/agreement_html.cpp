#include "record/agreement_html.hpp"

#include "record/record_html.hpp"

namespace mr::record {

std::string_view personal_status_warning() {
  return "本案属婚姻家庭纠纷：涉及婚姻等身份关系的事项不适用电子签名（《电子签名法》第三条），"
         "也不能申请司法确认（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
         "第三百五十五条）。财产内容宜另行订立协议。";
}
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string paragraph(const std::string& text) {
  return "<p class=\"text\">" + html_escape(text) + "</p>\n";
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei", "SimSun", serif;
       font-size: 12pt; line-height: 1.7; color: #000; max-width: 174mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 0 0 2mm; }
.case { text-align: center; margin: 0 0 6mm; }
h2 { font-size: 13pt; margin: 5mm 0 1mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #444; padding: 1mm 2mm; vertical-align: top; text-align: left; }
tr, .item, .signer { page-break-inside: avoid; break-inside: avoid; }
.text { white-space: pre-wrap; margin: 0 0 2mm; }
.mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.warning { border: 1px solid #000; padding: 2mm; margin: 4mm 0; }
.seal { margin-top: 6mm; border: 2px solid #a00; color: #a00; padding: 2mm 3mm; }
)";

}  // namespace

std::string_view agreement_stylesheet() { return kStyle; }

std::string render_agreement_html(const AgreementView& v) {
  const json& d = v.draft;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
       html_escape(str(d, "title")) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  h += "<h1>" + html_escape(str(d, "title")) + "</h1>\n";
  h += "<p class=\"case\">" + html_escape(v.case_title) + "（" + html_escape(v.field) + "）</p>\n";
  if (v.personal_status) h += "<p class=\"warning\">" + std::string(personal_status_warning()) + "</p>\n";

  h += "<h2>当事人</h2>\n<table>\n<tr><th>身份</th><th>姓名</th><th>性别</th><th>证件</th>"
       "<th>住址</th><th>联系方式</th></tr>\n";
  for (const auto& p : d.value("parties", json::array())) {
    std::string role = str(p, "side") == "A" ? "申请人" : "被申请人";
    if (str(p, "role") == "agent") role += "代理人（代理" + str(p, "agent_of") + "）";
    h += "<tr><td>" + html_escape(role) + "</td><td>" + html_escape(str(p, "name")) + "</td><td>" +
         html_escape(str(p, "sex")) + "</td><td>" + html_escape(str(p, "id_type")) + " " +
         html_escape(str(p, "id_number")) + "</td><td>" + html_escape(str(p, "address")) +
         "</td><td>" + html_escape(str(p, "contact")) + "</td></tr>\n";
  }
  h += "</table>\n";
  h += "<h2>纠纷的主要事实</h2>\n" + paragraph(str(d, "facts"));
  h += "<h2>争议事项</h2>\n" + paragraph(str(d, "issues"));
  if (!str(d, "responsibilities").empty())
    h += "<h2>各方当事人的责任</h2>\n" + paragraph(str(d, "responsibilities"));
  h += "<h2>经调解，各方当事人自愿达成如下协议</h2>\n";
  int n = 0;
  for (const auto& item : d.value("items", json::array()))
    h += "<p class=\"item text\">" + std::to_string(++n) + ". " + html_escape(str(item, "text")) +
         "</p>\n";
  const json perf = d.value("performance", json::object());
  h += "<h2>履行方式、地点和期限</h2>\n<table>\n<tr><th style=\"width:24mm\">方式</th><td>" +
       html_escape(str(perf, "way")) + "</td></tr>\n<tr><th>地点</th><td>" +
       html_escape(str(perf, "place")) + "</td></tr>\n<tr><th>期限</th><td>" +
       html_escape(str(perf, "deadline")) + "</td></tr>\n</table>\n";
  h += "<p>本协议一式" + std::to_string(d.value("copies", 1)) +
       "份，当事人各执一份，调解组织留存一份。本协议自各方当事人签名、调解员签名并加盖调解组织印章"
       "之日起生效"
       "（《人民调解法》第二十九条）。</p>\n";
  if (!str(d, "notes").empty()) h += "<h2>其他</h2>\n" + paragraph(str(d, "notes"));

  h += "<h2>签名</h2>\n<table>\n<tr><th>签名人</th><th>身份</th><th>时间（北京时间）</th>"
       "<th>签名密钥指纹（SHA-256）</th></tr>\n";
  for (const auto& s : v.signers)
    h += "<tr class=\"signer\"><td>" + html_escape(s.name) + "</td><td>" + html_escape(s.role) +
         "</td><td>" + beijing_time(s.time_ms) + "</td><td class=\"mono\">" + html_escape(s.key) +
         "</td></tr>\n";
  h += "</table>\n";
  h += "<div class=\"seal\"><strong>" + html_escape(v.org) + "</strong>（电子印章）<br>盖章时间：" +
       beijing_time(v.sealed_ms) + "（北京时间）<br>印章密钥指纹：<span class=\"mono\">" +
       html_escape(v.org_key) + "</span></div>\n";
  h += "<p class=\"mono\">协议文本第 " + std::to_string(v.version) + " 版，SHA-256：" +
       html_escape(v.sha256) + "<br>调解室：" + html_escape(v.room) + "</p>\n";
  h += "<p>各签名均由签名人浏览器中仅由其本人控制的密钥作出（ECDSA "
       "P-256），调解组织印章由调解组织的密钥"
       "作出（Ed25519）；签名或协议文本的任何改动都可被发现（《电子签名法》第十三条）。签名密钥不是"
       "依法设立的电子"
       "认证服务提供者签发的证书，签名人的身份由调解员在调解记录中所载的身份核验确认。核验方法：用 "
       "<code>mediation-room verify</code> 核对导出的调解记录。</p>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace mr::record

// record.html (record/record_html) as a clerk reads it: one timeline row per event, people named
// with their role, and each known kind of event said in words rather than as raw JSON.
#include "record/record_html.hpp"

#include <gtest/gtest.h>

namespace mr::record {
namespace {

using nlohmann::json;

RecordView::Entry entry(std::int64_t seq, const std::string& actor, const std::string& kind,
                        const std::string& channel, std::optional<json> body) {
  return {seq,     1714521600000 + seq * 60000, actor,          kind,
          channel, std::string(64, 'a'),        std::move(body)};
}

json person(const char* id, const char* name, const char* role, json side) {
  return {{"participant", {{"id", id}, {"name", name}, {"role", role}, {"side", side}}}};
}

RecordView session() {
  RecordView v;
  v.room = {"Rm_html-0000001", "物业费纠纷", "房产物业", "med1", 1714521600000, 1};
  v.mediator_name = "王调解";
  v.mediator_org = "东城区人民调解委员会";
  v.participants = {
      {"p-med", v.room.id, "mediator", std::nullopt, "王调解", "med1", std::nullopt},
      {"p-a", v.room.id, "party", "A", "张三", std::nullopt, std::nullopt},
      {"p-adv", v.room.id, "advisor", std::nullopt, "赵律师", std::nullopt, std::nullopt}};
  v.events = {
      entry(0, "server", "room.created", "main",
            json{{"title", "物业费纠纷"}, {"field", "房产物业"}, {"parties", json::array()}}),
      entry(1, "p-a", "participant.joined", "main", person("p-a", "张三", "party", "A")),
      entry(2, "p-a", "message", "main", json{{"text", "要求退还物业费"}, {"client_id", "c1"}}),
      entry(3, "p-a", "message", "caucus:A", std::nullopt),  // left out of this export
      entry(4, "p-a", "participant.left", "main", json{{"participant", "p-a"}}),
  };
  v.size = 5;
  v.root_hex = std::string(64, 'f');
  v.key_name = "mediation-room.localhost/key-1";
  v.key_fingerprint = std::string(64, 'e');
  v.exported_ms = 1714525200000;
  return v;
}

// The cells of each row of the timeline table, tags stripped.
std::vector<std::vector<std::string>> timeline_rows(const std::string& html) {
  const auto start = html.find("<h2>三、时间线</h2>");
  const auto end = html.find("</table>", start);
  std::vector<std::vector<std::string>> rows;
  for (auto tr = html.find("<tr><td", start); tr < end; tr = html.find("<tr><td", tr + 1)) {
    const std::string row = html.substr(tr, html.find("</tr>", tr) - tr);
    std::vector<std::string> cells;
    for (auto td = row.find("<td"); td != std::string::npos; td = row.find("<td", td + 1)) {
      const auto open_end = row.find('>', td) + 1;
      std::string cell = row.substr(open_end, row.find("</td>", open_end) - open_end), text;
      for (bool in_tag = false; char c : cell)
        if (c == '<' || c == '>')
          in_tag = c == '<';
        else if (!in_tag)
          text += c;
      cells.push_back(text);
    }
    rows.push_back(cells);
  }
  return rows;
}

TEST(RecordHtml, EveryEventHasARowInSeqOrder) {
  auto rows = timeline_rows(render_record_html(session()));
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 5u);  // seq, time, actor, channel, content
    EXPECT_EQ(rows[i][0], std::to_string(i));
  }
  EXPECT_EQ(rows[2][1], "2024-05-01 08:02:00");  // Beijing time
}

TEST(RecordHtml, NamesEachActorWithTheirRoleAndEachChannelInWords) {
  auto rows = timeline_rows(render_record_html(session()));
  EXPECT_EQ(rows[0][2], "系统");
  EXPECT_EQ(rows[2][2], "张三（申请人）");
  EXPECT_EQ(rows[2][3], "联合调解");
  EXPECT_EQ(rows[3][3], "背对背（申请人方）");
}

// 电子签名法 art. 3, 民诉解释 art. 355: the printed record of a 婚姻家庭 case says what its
// personal-status matters cannot be; another case's does not.
TEST(RecordHtml, AFamilyCaseCarriesThePersonalStatusWarning) {
  auto v = session();
  EXPECT_EQ(render_record_html(v).find("电子签名法》第三条"), std::string::npos);
  v.room.field = "婚姻家庭";
  EXPECT_NE(render_record_html(v).find("电子签名法》第三条"), std::string::npos);
}

TEST(RecordHtml, DescribesEachKnownKindInWords) {
  auto rows = timeline_rows(render_record_html(session()));
  EXPECT_EQ(rows[0][4], "创建调解室：物业费纠纷（房产物业）");
  EXPECT_EQ(rows[1][4], "张三（申请人）进入调解室");
  EXPECT_EQ(rows[2][4], "要求退还物业费");
  EXPECT_NE(rows[3][4].find("本次导出未包含该内容"), std::string::npos);
  EXPECT_EQ(rows[4][4], "离开调解室");
  for (const auto& row : rows) EXPECT_EQ(row[4].find('{'), std::string::npos) << row[4];
}

// fails today: advisor kinds show as raw JSON; enabled by the fix of record_html.cpp describe()
TEST(RecordHtml, DescribesAdvisorAdmissionAndDismissalInWords) {
  auto v = session();
  const json advisor = {{"participant", {{"id", "p-adv"}, {"name", "赵律师"}}},
                        {"client_id", "a1"}};
  v.events.push_back(entry(5, "p-med", "advisor.admitted", "main", advisor));
  v.events.push_back(entry(6, "p-med", "advisor.dismissed", "main", advisor));
  auto rows = timeline_rows(render_record_html(v));
  ASSERT_EQ(rows.size(), 7u);
  for (int seq : {5, 6}) {
    EXPECT_NE(rows[seq][4].find("赵律师"), std::string::npos) << rows[seq][4];
    EXPECT_EQ(rows[seq][4].find('{'), std::string::npos) << rows[seq][4];
    EXPECT_EQ(rows[seq][4].find("advisor."), std::string::npos) << rows[seq][4];
  }
}

// Issue 7: the parties named at creation, only those who entered as participants, an advisor's
// entry into the consultation said as such, the rules cited by their full name.
TEST(RecordHtml, AClerkSeesWhoWasNamedWhoTookPartAndTheRulesByName) {
  auto v = session();
  v.events[0].body = json{{"title", "物业费纠纷"},
                          {"field", "房产物业"},
                          {"parties", {{{"side", "A"}, {"name", "张三"}}, {{"side", "B"}, {"name", "某物业公司"}}}}};
  v.participants.push_back({"p-b", v.room.id, "party", "B", "未到场的李四", std::nullopt, std::nullopt});
  v.events.push_back(entry(5, "p-adv", "participant.joined", "consult",
                           person("p-adv", "赵律师", "advisor", nullptr)));
  const auto html = render_record_html(v);
  EXPECT_NE(html.find("立案登记的当事人</th><td>申请人 张三；被申请人 某物业公司"), std::string::npos);
  const auto people = html.substr(html.find("<h2>二、参与人及身份</h2>"),
                                  html.find("<h2>三、时间线</h2>") - html.find("<h2>二、参与人及身份</h2>"));
  EXPECT_EQ(people.find("未到场的李四"), std::string::npos);  // invited, never joined
  EXPECT_NE(people.find("张三"), std::string::npos);
  EXPECT_NE(people.find("王调解"), std::string::npos);
  const auto rows = timeline_rows(html);
  EXPECT_EQ(rows.back()[4], "赵律师（法治指导员）进入法治咨询");
  EXPECT_NE(html.find("《人民法院在线调解规则》第十八条"), std::string::npos);
  EXPECT_EQ(html.find("依《在线调解规则》"), std::string::npos);
  EXPECT_NE(html.find("table.timeline { table-layout: fixed; }"), std::string::npos);
}

}  // namespace
}  // namespace mr::record

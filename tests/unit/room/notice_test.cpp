// The notice of rights and duties: one per case field and language, assembled from the data
// files, and its hash is the SHA-256 of exactly the text served.
#include "room/notice.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "room/case_admin.hpp"

namespace mr::room {
namespace {

const std::filesystem::path kDir = TEMPLATE_DIR "/notice";

TEST(Notice, EveryCaseFieldHasItsNoticeInChineseAndEnglish) {
  auto notices = NoticeTemplates::load(kDir);
  for (const auto& field : case_fields()) {
    for (const char* language : {"zh-CN", "en"}) {
      const auto* n = notices.find(field, language);
      ASSERT_TRUE(n) << field << " " << language;
      EXPECT_EQ(n->sha256, crypto::sha256_hex(n->text));
      EXPECT_EQ(n->text.find("{{"), std::string::npos) << "an unfilled placeholder";
      EXPECT_NE(n->template_id.find(language), std::string::npos);
    }
    const auto& zh = notices.find(field, "zh-CN")->text;
    EXPECT_NE(zh.find(field), std::string::npos);
    // The rights and duties of 人民调解法 arts. 23-24, and the warning against sham mediation.
    for (const char* part : {"选择或者接受调解员", "拒绝调解", "公开进行或者不公开进行",
                             "自主表达意愿", "如实陈述", "尊重对方当事人", "虚假调解", "背对背"})
      EXPECT_NE(zh.find(part), std::string::npos) << field << ": " << part;
  }
  EXPECT_FALSE(notices.find("其他", "fr"));
  EXPECT_FALSE(notices.find("不存在", "zh-CN"));
  // The family notice warns that personal-status matters cannot be signed or confirmed.
  EXPECT_NE(notices.find("婚姻家庭", "zh-CN")->text.find("第三百五十五条"), std::string::npos);
}

TEST(Notice, EditingATemplateChangesTheHashAPartyAcknowledges) {
  const auto copy = std::filesystem::temp_directory_path() / ("mr-notice-" + crypto::random_hex(4));
  std::filesystem::copy(kDir, copy, std::filesystem::copy_options::recursive);
  const auto before = NoticeTemplates::load(copy).find("教育", "zh-CN")->sha256;
  std::ofstream(copy / "fields" / "education.zh-CN.txt", std::ios::app) << "补充一句。\n";
  const auto after = NoticeTemplates::load(copy).find("教育", "zh-CN")->sha256;
  EXPECT_NE(before, after);
  EXPECT_EQ(NoticeTemplates::load(copy).find("商事", "zh-CN")->sha256,
            NoticeTemplates::load(kDir).find("商事", "zh-CN")->sha256);
  std::filesystem::remove(copy / "common.en.txt");
  EXPECT_THROW(NoticeTemplates::load(copy), std::runtime_error);
  std::filesystem::remove_all(copy);
}

}  // namespace
}  // namespace mr::room

// The UrlTable keeps each URL at a slot that holds while the URL lives, walks them by
// ascending id, and refuses what would leave a slot without its id.

#include "linkstream/schema/url_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace linkstream::schema {
namespace {

Url url(std::int64_t id) {
  return Url{.id = id,
             .user_id = 1,
             .short_code = "c" + std::to_string(id),
             .original_url = "https://example.com/" + std::to_string(id)};
}

std::vector<std::int64_t> ids_of(const UrlTable& table) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, u] : table) {
    EXPECT_EQ(u.id, id);
    ids.push_back(id);
  }
  return ids;
}

TEST(UrlTable, WalksByAscendingIdWhateverTheOrderOfInserts) {
  UrlTable table;
  for (std::int64_t id : {5, 1, 9, 3}) table.insert(url(id));
  EXPECT_EQ(ids_of(table), (std::vector<std::int64_t>{1, 3, 5, 9}));
  EXPECT_EQ(table.size(), 4u);
  ASSERT_NE(table.find(9), nullptr);
  EXPECT_EQ(table.find(9)->short_code, "c9");
  EXPECT_EQ(table.find(2), nullptr);
}

TEST(UrlTable, ASlotHoldsItsUrlWhileOthersComeAndGo) {
  UrlTable table;
  const auto slot = table.insert(url(1));
  const Url* address = &table.at(slot);
  for (std::int64_t id = 2; id < 5000; ++id) table.insert(url(id));
  for (std::int64_t id = 2; id < 5000; id += 2) table.erase(id);
  EXPECT_EQ(&table.at(slot), address) << "a slot's URL never moves";
  EXPECT_EQ(table.at(slot).id, 1);
  EXPECT_EQ(table.slot_of(1), slot);
}

TEST(UrlTable, AnErasedSlotIsReusedAndHoldsTheNewUrl) {
  UrlTable table;
  table.insert(url(1));
  const auto erased = table.insert(url(2));
  table.erase(2);
  EXPECT_FALSE(table.contains(2));
  EXPECT_EQ(table.slot_of(2), std::nullopt);
  EXPECT_EQ(table.insert(url(3)), erased);
  EXPECT_EQ(table.at(erased).id, 3);
  table.erase(42);  // not there: nothing happens
  EXPECT_EQ(ids_of(table), (std::vector<std::int64_t>{1, 3}));
}

TEST(UrlTable, RefusesARepeatedIdAndAnAppendOutOfOrder) {
  UrlTable table;
  table.append(url(1));
  table.append(url(4));
  EXPECT_THROW(table.insert(url(4)), std::invalid_argument);
  EXPECT_THROW(table.append(url(3)), std::invalid_argument);
  EXPECT_THROW(table.append(url(4)), std::invalid_argument);
  EXPECT_EQ(ids_of(table), (std::vector<std::int64_t>{1, 4}));
}

TEST(UrlTable, ACopyIsItsOwn) {
  UrlTable original;
  for (std::int64_t id = 1; id <= 1500; ++id) original.insert(url(id));
  UrlTable copy(original);
  original.find(7)->original_url = "https://changed.example/";
  original.erase(8);
  EXPECT_EQ(copy.find(7)->original_url, "https://example.com/7");
  ASSERT_NE(copy.find(8), nullptr);
  EXPECT_EQ(copy.size(), 1500u);
  copy.clear();
  EXPECT_TRUE(copy.empty());
  copy.insert(url(2));
  EXPECT_EQ(ids_of(copy), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(original.size(), 1499u);
}

TEST(UrlTable, AgreesWithAMapOverRandomInsertsAndErases) {
  UrlTable table;
  std::map<std::int64_t, std::string> model;
  std::mt19937 random(13);
  std::uniform_int_distribution<std::int64_t> pick(1, 3000);
  for (int step = 0; step < 20000; ++step) {
    const auto id = pick(random);
    if (model.contains(id)) {
      table.erase(id);
      model.erase(id);
    } else {
      const auto slot = table.insert(url(id));
      ASSERT_EQ(table.at(slot).id, id);
      model.emplace(id, "c" + std::to_string(id));
    }
  }
  ASSERT_EQ(table.size(), model.size());
  auto expected = model.begin();
  for (const auto& [id, u] : table) {
    ASSERT_EQ(id, expected->first);
    EXPECT_EQ(u.short_code, expected->second);
    ++expected;
  }
}

}  // namespace
}  // namespace linkstream::schema

#include "gateway/http/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace rect::gateway {
namespace {

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  for (const std::string text :
       {std::string(), std::string("plain"), std::string("caf\xc3\xa9"),
        std::string("\xe2\x82\xac 20"), std::string("\xf0\x9f\x98\x80"),
        std::string("nul\0inside", 10)}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
  }
}

TEST(IsValidUtf8Test, RefusesMalformedText) {
  for (const std::string text : {
           std::string("\xff"),              // never valid
           std::string("\xfe\xff"),          // a UTF-16 byte order mark
           std::string("caf\xe9"),           // Latin-1
           std::string("\xc0\xaf"),          // overlong "/"
           std::string("\xe0\x80\xaf"),      // overlong "/"
           std::string("\xed\xa0\x80"),      // a UTF-16 surrogate
           std::string("\xf4\x90\x80\x80"),  // beyond U+10FFFF
           std::string("\xe2\x82"),          // truncated
           std::string("ok\x80"),            // a lone continuation byte
       }) {
    EXPECT_FALSE(IsValidUtf8(text)) << text;
  }
}

}  // namespace
}  // namespace rect::gateway

// The bounded, incremental reading of one HTTP/1.1 request (cli/http_request.h).
#include "cli/http_request.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace model::cli {

namespace {

// A chunk-size line (with extensions) longer than this is malformed.
constexpr std::size_t kMaxChunkLine = 4096;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Inflates a gzip or zlib stream (RFC 1952 / 1950, told apart by their headers) piece by piece,
// appending to a body that may not grow past a bound.
class Inflater {
 public:
  enum class Result { kOk, kCorrupt, kTooLarge };
  Inflater() { ready_ = inflateInit2(&z_, 15 + 32) == Z_OK; }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (ready_) inflateEnd(&z_);
  }
  bool finished() const { return finished_; }

  Result Feed(std::string_view in, std::string& out, std::size_t limit) {
    if (!ready_) return Result::kCorrupt;
    if (finished_) return in.empty() ? Result::kOk : Result::kCorrupt;  // bytes after the end
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    char buffer[1 << 16];
    while (true) {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof(buffer);
      const int rc = inflate(&z_, Z_NO_FLUSH);
      const std::size_t produced = sizeof(buffer) - z_.avail_out;
      if (out.size() + produced > limit) return Result::kTooLarge;
      out.append(buffer, produced);
      if (rc == Z_STREAM_END) {
        finished_ = true;
        return z_.avail_in == 0 ? Result::kOk : Result::kCorrupt;
      }
      if (rc == Z_BUF_ERROR) return Result::kOk;  // needs more input
      if (rc != Z_OK) return Result::kCorrupt;
      if (z_.avail_in == 0 && z_.avail_out != 0) return Result::kOk;
    }
  }

 private:
  z_stream z_{};
  bool ready_ = false;
  bool finished_ = false;
};

RequestReader::RequestReader() = default;
RequestReader::~RequestReader() = default;

void RequestReader::Reset() {
  request = HttpRequest{};
  keep_alive = true;
  http10 = false;
  head_done = false;
  send_continue = false;
  framing = Framing::kNone;
  chunk_step = ChunkStep::kSize;
  left = raw_bytes = trailer_bytes = 0;
  inflater.reset();
}

std::string RefusalText(int status, const HttpServerOptions& options) {
  switch (status) {
    case 413:
      return fmt::format("the request body is larger than {} bytes\n", options.max_body_bytes);
    case 415:
      return "unsupported Content-Encoding (gzip, deflate and identity are accepted)\n";
    case 431:
      return fmt::format("the request head is larger than {} bytes\n", options.max_head_bytes);
    case 501:
      return "unsupported Transfer-Encoding (only chunked is accepted)\n";
    case 505:
      return "only HTTP/1.0 and HTTP/1.1 are served\n";
    default:
      return "malformed HTTP request\n";
  }
}

namespace {

// Parses the head at the start of the input (which holds it whole, up to and without the blank
// line). Returns kNeedMore (go on to the body) or an error status.
int ParseHead(RequestReader& c, std::string_view head, const HttpServerOptions& options) {
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return 400;
  c.request.method = std::string(line.substr(0, sp1));
  c.request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  const std::string_view version = line.substr(sp2 + 1);
  if (c.request.method.empty() || c.request.target.empty()) return 400;
  if (version == "HTTP/1.0") {
    c.http10 = true;
    c.keep_alive = false;
  } else if (version != "HTTP/1.1") {
    return version.substr(0, 5) == "HTTP/" ? 505 : 400;
  }
  c.request.path = c.request.target.substr(0, c.request.target.find('?'));
  while (!head.empty()) {
    line_end = head.find("\r\n");
    line = head.substr(0, line_end);
    head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return 400;
    const std::string_view name = line.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos) return 400;  // and obs-fold
    c.request.headers.emplace_back(Lower(name), std::string(Trim(line.substr(colon + 1))));
  }

  std::string content_length;
  bool chunked = false;
  for (const auto& [name, value] : c.request.headers) {
    if (name == "connection") {
      const std::string tokens = Lower(value);
      if (tokens.find("close") != std::string::npos) c.keep_alive = false;
      if (tokens.find("keep-alive") != std::string::npos && c.http10) c.keep_alive = true;
    } else if (name == "content-length") {
      if (!content_length.empty() && content_length != value) return 400;
      content_length = value;
    } else if (name == "transfer-encoding") {
      if (Lower(value) != "chunked" || chunked) return 501;
      chunked = true;
    }
  }
  if (chunked) {
    if (!content_length.empty() || c.http10) return 400;
    c.framing = Framing::kChunked;
  } else if (!content_length.empty()) {
    if (content_length.size() > 18 ||
        content_length.find_first_not_of("0123456789") != std::string::npos)
      return 400;
    c.left = static_cast<std::size_t>(std::stoull(content_length));
    if (c.left > options.max_body_bytes) return 413;
    c.framing = c.left == 0 ? Framing::kNone : Framing::kLength;
  }
  const std::string encoding = Lower(c.request.Header("content-encoding"));
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    c.inflater = std::make_unique<Inflater>();
  } else if (!encoding.empty() && encoding != "identity") {
    return 415;
  }
  if (c.framing != Framing::kNone && !c.http10 &&
      Lower(c.request.Header("expect")) == "100-continue") {
    c.send_continue = true;
  }
  return kNeedMore;
}

// Takes body bytes as sent (de-chunked): bounds and decodes them. 0 or an error status.
int TakeBody(RequestReader& c, std::string_view bytes, const HttpServerOptions& options) {
  c.raw_bytes += bytes.size();
  if (c.raw_bytes > options.max_body_bytes) return 413;
  if (!c.inflater) {
    c.request.body.append(bytes);
    return 0;
  }
  switch (c.inflater->Feed(bytes, c.request.body, options.max_body_bytes)) {
    case Inflater::Result::kOk:
      return 0;
    case Inflater::Result::kTooLarge:
      return 413;
    case Inflater::Result::kCorrupt:
      return 400;
  }
  return 400;
}

}  // namespace

int Advance(RequestReader& c, std::string& in, const HttpServerOptions& options) {
  if (!c.head_done) {
    std::size_t skip = 0;  // blank lines between requests (RFC 9112 section 2.2)
    while (skip < in.size() && (in[skip] == '\r' || in[skip] == '\n')) ++skip;
    in.erase(0, skip);
    const std::size_t end = in.find("\r\n\r\n");
    if (end == std::string::npos) return in.size() > options.max_head_bytes ? 431 : kNeedMore;
    if (end + 4 > options.max_head_bytes) return 431;
    const int status = ParseHead(c, std::string_view(in).substr(0, end), options);
    in.erase(0, end + 4);
    if (status != kNeedMore) return status;
    c.head_done = true;
  }
  while (true) {
    if (c.framing == Framing::kNone) break;
    if (c.framing == Framing::kLength || c.chunk_step == ChunkStep::kData) {
      const std::size_t n = std::min(in.size(), c.left);
      if (const int status = TakeBody(c, std::string_view(in).substr(0, n), options)) return status;
      in.erase(0, n);
      c.left -= n;
      if (c.left > 0) return kNeedMore;
      if (c.framing == Framing::kLength) break;
      c.chunk_step = ChunkStep::kDataEnd;
      continue;
    }
    if (c.chunk_step == ChunkStep::kDataEnd) {
      if (in.size() < 2) return kNeedMore;
      if (in.compare(0, 2, "\r\n") != 0) return 400;
      in.erase(0, 2);
      c.chunk_step = ChunkStep::kSize;
      continue;
    }
    const std::size_t eol = in.find("\r\n");
    if (eol == std::string::npos) {
      if (c.chunk_step == ChunkStep::kSize && in.size() > kMaxChunkLine) return 400;
      if (c.chunk_step == ChunkStep::kTrailer &&
          c.trailer_bytes + in.size() > options.max_head_bytes)
        return 431;
      return kNeedMore;
    }
    if (c.chunk_step == ChunkStep::kTrailer) {  // trailer fields are read and ignored
      in.erase(0, eol + 2);
      if (eol == 0) break;
      c.trailer_bytes += eol + 2;
      continue;
    }
    const std::string_view size_line = std::string_view(in).substr(0, eol);
    const std::string_view size_text = Trim(size_line.substr(0, size_line.find(';')));
    if (eol > kMaxChunkLine || size_text.empty() ||
        size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
      return 400;
    // Leading zeros aside, more than 8 hex digits is over any bound worth reading.
    const std::string_view digits =
        size_text.substr(std::min(size_text.find_first_not_of('0'), size_text.size()));
    if (digits.size() > 8) return 413;
    c.left = digits.empty() ? 0 : std::stoul(std::string(digits), nullptr, 16);
    if (c.raw_bytes + c.left > options.max_body_bytes) return 413;  // before reading the chunk
    in.erase(0, eol + 2);
    c.chunk_step = c.left == 0 ? ChunkStep::kTrailer : ChunkStep::kData;
  }
  if (c.inflater && !c.inflater->finished()) return 400;  // the compressed body is cut short
  return kComplete;
}

std::string HttpRequest::Header(const std::string& name) const {
  const std::string wanted = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) return value;
  }
  return "";
}

std::uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes at most uInt bytes at a time.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

}  // namespace model::cli

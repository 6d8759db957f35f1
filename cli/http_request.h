// Reading one HTTP/1.1 request from bytes as they arrive, bounded (for cli/http_server.cpp).
//
// A RequestReader holds the request being read; Advance feeds it the bytes received so far and
// consumes what it used, so a connection never buffers more than one read beyond the head. The
// head must fit in options.max_head_bytes (else 431). The body is framed by Content-Length or
// chunked transfer coding (trailers read and dropped) and decoded from gzip or deflate (zlib)
// as it arrives; both the body as sent and the decoded body are bounded by
// options.max_body_bytes (413 the moment either passes it: a Content-Length over the bound
// before any body byte is read, a chunk whose size line would pass it before its data). Other
// errors: 400 malformed, 415 an unsupported Content-Encoding, 501 an unsupported
// Transfer-Encoding, 505 an HTTP version other than 1.0 and 1.1.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "cli/http_server.h"

namespace model::cli {

class Inflater;  // zlib's, in http_request.cpp

enum class Framing { kNone, kLength, kChunked };
enum class ChunkStep { kSize, kData, kDataEnd, kTrailer };

struct RequestReader {
  RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;
  ~RequestReader();
  void Reset();  // for the next request on the connection

  HttpRequest request;
  bool keep_alive = true;  // from the version and Connection header
  bool http10 = false;
  bool head_done = false;      // the head is parsed; the body is being read
  bool send_continue = false;  // Expect: 100-continue was asked: the caller sends it, clears this
  Framing framing = Framing::kNone;
  ChunkStep chunk_step = ChunkStep::kSize;
  std::size_t left = 0;       // kLength: body bytes to come; kChunked: of the current chunk
  std::size_t raw_bytes = 0;  // body bytes as sent (de-chunked, still encoded)
  std::size_t trailer_bytes = 0;
  std::unique_ptr<Inflater> inflater;
};

inline constexpr int kNeedMore = 0;
inline constexpr int kComplete = 1;

// Advances `reader` with the bytes at the front of `in`, erasing those it used (bytes of a
// next, pipelined request stay). Returns kNeedMore, kComplete (reader.request is whole) or the
// HTTP error status to answer with before closing the connection.
int Advance(RequestReader& reader, std::string& in, const HttpServerOptions& options);

// The text of the answer to a request Advance refused with `status`.
std::string RefusalText(int status, const HttpServerOptions& options);

// ASCII lower case.
std::string Lower(std::string_view s);

}  // namespace model::cli

// The PartiQL parser: a tokenizer and a recursive descent over DynamoDB's statements
// (statement.h), with nesting bounded by kMaxDepth.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/sim/api/number.h"
#include "model/sim/partiql/statement.h"

namespace sim::partiql {

namespace {

struct Token {
  enum class Kind { kWord, kQuoted, kString, kNumber, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;  // the word, the unquoted name or string, the number, the punctuation
};

// A syntax error: caught in ParseStatement, never thrown out of it.
struct Malformed {
  std::string why;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto ident_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
  };
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '\'' || c == '"') {
      // 'string' and "name": a doubled quote inside stands for one.
      std::string text;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {
            text += c;
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        text += s[j++];
      }
      if (!closed) throw Malformed{"Unterminated quoted text"};
      out.push_back({c == '\'' ? Token::Kind::kString : Token::Kind::kQuoted, std::move(text)});
      i = j + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0)) {
      std::size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) != 0 || s[j] == '.'))
        ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])) != 0) {
          j = k;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) != 0) ++j;
        }
      }
      out.push_back({Token::Kind::kNumber, std::string(s.substr(i, j - i))});
      i = j;
    } else if (ident_char(c)) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) ++j;
      out.push_back({Token::Kind::kWord, std::string(s.substr(i, j - i))});
      i = j;
    } else {
      static constexpr std::string_view kTwo[] = {"<>", "!=", "<=", ">=", "<<", ">>"};
      std::string text(1, c);
      for (std::string_view two : kTwo) {
        if (s.substr(i, 2) == two) text = std::string(two);
      }
      if (text.size() == 1 && std::string_view("*,.[]{}():=<>?+-;").find(c) == std::string::npos)
        throw Malformed{"Unexpected character: " + text};
      out.push_back({Token::Kind::kPunct, text});
      i += text.size();
    }
  }
  out.push_back({Token::Kind::kEnd, ""});
  return out;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::vector<AttributeValue>& parameters)
      : tokens_(std::move(tokens)), parameters_(parameters) {}

  Statement Parse() {
    Statement st;
    const std::string verb = Lower(Word("Expected SELECT, INSERT, UPDATE or DELETE"));
    if (verb == "select") {
      ParseSelect(st);
    } else if (verb == "insert") {
      ParseInsert(st);
    } else if (verb == "update") {
      ParseUpdate(st);
    } else if (verb == "delete") {
      ParseDelete(st);
    } else {
      throw Malformed{"Unexpected keyword: " + verb};
    }
    Accept(";");
    if (Peek().kind != Token::Kind::kEnd) throw Malformed{"Unexpected token: " + Peek().text};
    return st;
  }

  std::size_t parameters_used() const { return next_parameter_; }

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool IsPunct(std::string_view p, std::size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kPunct && Peek(ahead).text == p;
  }
  bool IsKeyword(std::string_view k, std::size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kWord && Lower(Peek(ahead).text) == k;
  }
  bool Accept(std::string_view p) {
    if (!IsPunct(p)) return false;
    ++pos_;
    return true;
  }
  bool AcceptKeyword(std::string_view k) {
    if (!IsKeyword(k)) return false;
    ++pos_;
    return true;
  }
  void Expect(std::string_view p) {
    if (!Accept(p)) throw Malformed{Unexpected("'" + std::string(p) + "'")};
  }
  void ExpectKeyword(std::string_view k) {
    if (!AcceptKeyword(k)) throw Malformed{Unexpected(Upper(k))};
  }
  static std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }
  std::string Unexpected(const std::string& expected) const {
    if (Peek().kind == Token::Kind::kEnd)
      return "Unexpected end of statement, expected " + expected;
    return "Unexpected token '" + Peek().text + "', expected " + expected;
  }
  std::string Word(const char* what) {
    if (Peek().kind != Token::Kind::kWord) throw Malformed{what};
    return tokens_[pos_++].text;
  }

  // A bounded nesting level: every recursive production holds one.
  class Depth {
   public:
    explicit Depth(Parser* p) : p_(p) {
      if (++p_->depth_ > kMaxDepth) throw Malformed{"Statement nesting is too deep"};
    }
    ~Depth() { --p_->depth_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;

   private:
    Parser* p_;
  };

  static bool IsReserved(const std::string& lower) {
    static const std::set<std::string, std::less<>> kReserved = {
        "select", "from",   "where",     "and",     "or",   "not",   "between", "in",
        "is",     "order",  "by",        "insert",  "into", "value", "update",  "set",
        "remove", "delete", "returning", "missing", "null", "true",  "false"};
    return kReserved.contains(lower);
  }

  // A name: "quoted" (verbatim) or a bare identifier that is not a keyword.
  std::string Name(const char* what) {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kQuoted) {
      ++pos_;
      return t.text;
    }
    if (t.kind == Token::Kind::kWord && !IsReserved(Lower(t.text))) {
      ++pos_;
      return t.text;
    }
    throw Malformed{Unexpected(what)};
  }

  DocumentPath Path() {
    DocumentPath path;
    path.push_back(PathElement{Name("an attribute name"), -1});
    for (;;) {
      if (Accept(".")) {
        path.push_back(PathElement{Name("an attribute name"), -1});
      } else if (Accept("[")) {
        const Token& t = Peek();
        if (t.kind == Token::Kind::kNumber &&
            t.text.find_first_not_of("0123456789") == std::string::npos && t.text.size() < 10) {
          path.push_back(PathElement{"", std::stoi(t.text)});
        } else if (t.kind == Token::Kind::kString) {
          path.push_back(PathElement{t.text, -1});
        } else {
          throw Malformed{Unexpected("a list index")};
        }
        ++pos_;
        Expect("]");
      } else {
        return path;
      }
    }
  }

  void TableName(Statement& st, bool allow_index) {
    st.table = Name("a table name");
    if (allow_index && Accept(".")) st.index = Name("an index name");
  }

  void ParseSelect(Statement& st) {
    st.kind = Statement::Kind::kSelect;
    if (!Accept("*")) {
      do {
        st.projection.push_back(Path());
      } while (Accept(","));
    }
    ExpectKeyword("from");
    TableName(st, true);
    if (AcceptKeyword("where")) st.where = Or();
    if (AcceptKeyword("order")) {
      ExpectKeyword("by");
      do {
        OrderKey key{Name("an attribute name"), false};
        if (AcceptKeyword("desc")) {
          key.descending = true;
        } else {
          AcceptKeyword("asc");
        }
        st.order_by.push_back(std::move(key));
      } while (Accept(","));
    }
  }

  void ParseInsert(Statement& st) {
    st.kind = Statement::Kind::kInsert;
    ExpectKeyword("into");
    TableName(st, false);
    ExpectKeyword("value");
    AttributeValue v = Value();
    if (!v.is(ValueType::kM))
      throw Malformed{"The VALUE of an INSERT must be a map of attribute names to values"};
    st.item = v.map();
  }

  void Returning(Statement& st, bool delete_statement) {
    if (!AcceptKeyword("returning")) return;
    bool all = false;
    if (AcceptKeyword("all")) {
      all = true;
    } else {
      ExpectKeyword("modified");
    }
    bool old = false;
    if (AcceptKeyword("old")) {
      old = true;
    } else {
      ExpectKeyword("new");
    }
    Expect("*");
    if (delete_statement && !(all && old))
      throw Malformed{"DELETE supports only RETURNING ALL OLD *"};
    st.returning = all ? (old ? ReturnValues::kAllOld : ReturnValues::kAllNew)
                       : (old ? ReturnValues::kUpdatedOld : ReturnValues::kUpdatedNew);
  }

  void ParseUpdate(Statement& st) {
    st.kind = Statement::Kind::kUpdate;
    TableName(st, false);
    bool any = false;
    for (;;) {
      if (AcceptKeyword("set")) {
        do {
          SetAction a;
          a.path = Path();
          Expect("=");
          a.value = SetValue();
          st.sets.push_back(std::move(a));
        } while (Accept(","));
      } else if (AcceptKeyword("remove")) {
        do {
          st.removes.push_back(Path());
        } while (Accept(","));
      } else {
        break;
      }
      any = true;
    }
    if (!any) throw Malformed{Unexpected("SET or REMOVE")};
    ExpectKeyword("where");
    st.where = Or();
    Returning(st, false);
  }

  void ParseDelete(Statement& st) {
    st.kind = Statement::Kind::kDelete;
    ExpectKeyword("from");
    TableName(st, false);
    ExpectKeyword("where");
    st.where = Or();
    Returning(st, true);
  }

  // The right side of SET path = ...
  Expr SetValue() {
    if (IsFunctionCall()) {
      Expr call;
      call.kind = Expr::Kind::kCall;
      call.op = Lower(tokens_[pos_].text);
      if (call.op != "list_append" && call.op != "set_add" && call.op != "set_delete")
        throw Malformed{"Unsupported function in SET: " + tokens_[pos_].text};
      pos_ += 2;
      do {
        call.args.push_back(Operand());
      } while (Accept(","));
      Expect(")");
      if (call.args.size() != 2) throw Malformed{"Function " + call.op + " takes two arguments"};
      return call;
    }
    Expr e = Operand();
    if (e.kind == Expr::Kind::kPath && (IsPunct("+") || IsPunct("-"))) {
      e.op = tokens_[pos_++].text;
      e.args.push_back(Operand());
    }
    return e;
  }

  bool IsFunctionCall() const {
    return Peek().kind == Token::Kind::kWord && IsPunct("(", 1) && !IsReserved(Lower(Peek().text));
  }

  // A path, a value, or size(path).
  Expr Operand() {
    Depth depth(this);
    Expr e;
    const Token& t = Peek();
    if (IsFunctionCall()) {
      e.kind = Expr::Kind::kCall;
      e.op = Lower(t.text);
      pos_ += 2;
      if (!Accept(")")) {
        do {
          e.args.push_back(Operand());
        } while (Accept(","));
        Expect(")");
      }
      return e;
    }
    if (t.kind == Token::Kind::kQuoted ||
        (t.kind == Token::Kind::kWord && !IsReserved(Lower(t.text)))) {
      e.kind = Expr::Kind::kPath;
      e.path = Path();
      return e;
    }
    e.kind = Expr::Kind::kValue;
    e.value = Value();
    return e;
  }

  AttributeValue Number(const std::string& text) {
    auto n = Number::Parse(text);
    if (!n.ok()) throw Malformed{n.error().message};
    return AttributeValue::N(n.value());
  }

  // A literal or a parameter.
  AttributeValue Value() {
    Depth depth(this);
    const Token t = Peek();
    ++pos_;
    switch (t.kind) {
      case Token::Kind::kString:
        return AttributeValue::S(t.text);
      case Token::Kind::kNumber:
        return Number(t.text);
      case Token::Kind::kWord: {
        const std::string w = Lower(t.text);
        if (w == "true" || w == "false") return AttributeValue::Bool(w == "true");
        if (w == "null") return AttributeValue::Null();
        break;
      }
      case Token::Kind::kPunct:
        if (t.text == "?") {
          if (next_parameter_ >= parameters_.size()) {
            ++next_parameter_;
            return AttributeValue::Null();  // counted; the mismatch is reported after parsing
          }
          return parameters_[next_parameter_++];
        }
        if (t.text == "-" && Peek().kind == Token::Kind::kNumber)
          return Number("-" + tokens_[pos_++].text);
        if (t.text == "[") {
          std::vector<AttributeValue> list;
          if (!Accept("]")) {
            do {
              list.push_back(Value());
            } while (Accept(","));
            Expect("]");
          }
          return AttributeValue::L(std::move(list));
        }
        if (t.text == "{") {
          Item map;
          if (!Accept("}")) {
            do {
              if (Peek().kind != Token::Kind::kString)
                throw Malformed{Unexpected("a 'quoted' attribute name")};
              std::string key = tokens_[pos_++].text;
              Expect(":");
              map[key] = Value();
            } while (Accept(","));
            Expect("}");
          }
          return AttributeValue::M(std::move(map));
        }
        if (t.text == "<<") return Set();
        break;
      default:
        break;
    }
    --pos_;
    throw Malformed{Unexpected("a value")};
  }

  // <<v, ...>>: all strings (SS), numbers (NS) or binaries (BS), distinct, not empty.
  AttributeValue Set() {
    std::vector<AttributeValue> members;
    if (!IsPunct(">>")) {
      do {
        members.push_back(Value());
      } while (Accept(","));
    }
    Expect(">>");
    if (members.empty()) throw Malformed{"A set must not be empty"};
    const ValueType type = members.front().type();
    std::vector<std::string> texts;
    for (const AttributeValue& m : members) {
      if (m.type() != type ||
          (type != ValueType::kS && type != ValueType::kN && type != ValueType::kB))
        throw Malformed{"A set's members must all be strings, all numbers or all binaries"};
      texts.push_back(m.scalar());
    }
    AttributeValue set = type == ValueType::kS   ? AttributeValue::SS(texts)
                         : type == ValueType::kN ? AttributeValue::NS(texts)
                                                 : AttributeValue::BS(texts);
    for (std::size_t i = 1; i < set.set().size(); ++i) {
      if (set.set()[i] == set.set()[i - 1]) throw Malformed{"Input collection contains duplicates"};
    }
    return set;
  }

  Expr Binary(Expr::Kind kind, Expr left, Expr right) {
    Expr e;
    e.kind = kind;
    e.args.push_back(std::move(left));
    e.args.push_back(std::move(right));
    return e;
  }

  Expr Or() {
    Depth depth(this);
    Expr e = And();
    while (AcceptKeyword("or")) e = Binary(Expr::Kind::kOr, std::move(e), And());
    return e;
  }
  Expr And() {
    Expr e = Not();
    while (AcceptKeyword("and")) e = Binary(Expr::Kind::kAnd, std::move(e), Not());
    return e;
  }
  Expr Not() {
    Depth depth(this);
    if (AcceptKeyword("not")) {
      Expr e;
      e.kind = Expr::Kind::kNot;
      e.args.push_back(Not());
      return e;
    }
    return Predicate();
  }

  Expr Predicate() {
    if (Accept("(")) {
      Expr e = Or();
      Expect(")");
      return e;
    }
    Expr left = Operand();
    static constexpr std::string_view kCompare[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    for (std::string_view op : kCompare) {
      if (Accept(op)) {
        Expr e = Binary(Expr::Kind::kCompare, std::move(left), Operand());
        e.op = op == "!=" ? "<>" : std::string(op);
        return e;
      }
    }
    if (AcceptKeyword("between")) {
      Expr e;
      e.kind = Expr::Kind::kBetween;
      e.args.push_back(std::move(left));
      e.args.push_back(Operand());
      ExpectKeyword("and");
      e.args.push_back(Operand());
      return e;
    }
    const bool not_in = IsKeyword("not") && IsKeyword("in", 1);
    if (not_in) ++pos_;
    if (AcceptKeyword("in")) {
      Expr e;
      e.kind = Expr::Kind::kIn;
      e.args.push_back(std::move(left));
      const bool bracket = Accept("[");
      if (!bracket) Expect("(");
      do {
        e.args.push_back(Operand());
      } while (Accept(","));
      Expect(bracket ? "]" : ")");
      if (!not_in) return e;
      Expr n;
      n.kind = Expr::Kind::kNot;
      n.args.push_back(std::move(e));
      return n;
    }
    if (AcceptKeyword("is")) {
      Expr e;
      e.kind = Expr::Kind::kMissing;
      e.negated = AcceptKeyword("not");
      ExpectKeyword("missing");
      if (left.kind != Expr::Kind::kPath) throw Malformed{"IS MISSING needs an attribute path"};
      e.args.push_back(std::move(left));
      return e;
    }
    if (left.kind == Expr::Kind::kCall && left.op != "size") return left;
    throw Malformed{Unexpected("a comparison")};
  }

  std::vector<Token> tokens_;
  const std::vector<AttributeValue>& parameters_;
  std::size_t pos_ = 0;
  std::size_t next_parameter_ = 0;
  int depth_ = 0;
};

}  // namespace

SimResult<Statement> ParseStatement(std::string_view text,
                                    const std::vector<AttributeValue>& parameters) {
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
  try {
    Parser parser(Tokenize(text), parameters);
    Statement st = parser.Parse();
    if (parser.parameters_used() != parameters.size())
      return Error::Validation("Number of parameters in request and statement don't match.");
    return st;
  } catch (const Malformed& m) {
    return Error::Validation("Statement wasn't well formed, can't be processed: " + m.why);
  }
}

}  // namespace sim::partiql

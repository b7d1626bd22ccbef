package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.AuthPrincipal;
import dev.authkit.CredentialRejectedException;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.SecretScanner;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A security reviewer's hostile-input probes of the JOSE header / JWT claims parsing path (Jackson
 * streaming parser, header rules, the recent-header memo, principal immutability). Every token is
 * correctly signed by the trusted key kA1 (RS256), so only parsing and claim rules can reject it.
 *
 * <p>The table probes run twice, on a cold authenticator and on a shared warm one whose header memo
 * is full, and must decide the same. Every outcome is written to
 * {@code target/reviewer-probe-outcomes.tsv} so that two builds (before and after a change) can be
 * diffed. The class uses only APIs that exist before and after the Jackson change.
 */
class ReviewerProbesTest {

  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}";
  private static final String ACCEPTED = "ACCEPTED";
  private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();
  private static final int BIG_CAP = 16 * 1024 * 1024;

  /** Warm: verifies many tokens across the run, so its header memo is always populated. */
  private static final JwtAuthenticator WARM = AttackFixture.builder().disableVerifiedTokenCache()
      .maxTokenSize(BIG_CAP).build();

  // ---------------------------------------------------------------- token building

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Raw header and payload bytes, signed with kA1 by RS256 whatever the header says. */
  static String raw(byte[] header, byte[] payload) {
    return rawWith(TestKeys.A_RSA_1, JWSAlgorithm.RS256, header, payload);
  }

  static String rawWith(JWK key, JWSAlgorithm alg, byte[] header, byte[] payload) {
    return Tokens.signRaw(key, alg, header, payload);
  }

  static String tok(String headerJson, String claimsJson) {
    return raw(utf8(headerJson), utf8(claimsJson));
  }

  /** The fixture claims as raw "name":value members; overrides are pairs (name, raw JSON value or null to drop). */
  static String claims(String... overrides) {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("iss", "\"" + Tokens.ISSUER_A + "\"");
    members.put("sub", "\"user-0001\"");
    members.put("aud", "\"" + Tokens.AUDIENCE + "\"");
    members.put("client_id", "\"client-0001\"");
    members.put("scope", "\"read\"");
    members.put("jti", "\"jti-0001\"");
    members.put("iat", Long.toString(Tokens.T0 - 10));
    members.put("nbf", Long.toString(Tokens.T0 - 10));
    members.put("exp", Long.toString(Tokens.T0 + 300));
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        members.remove(overrides[i]);
      } else {
        members.put(overrides[i], overrides[i + 1]);
      }
    }
    StringBuilder out = new StringBuilder("{");
    members.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":")
        .append(value));
    return out.append('}').toString();
  }

  /** Fixture claims with raw member text appended before the closing brace. */
  static String claimsWith(String rawMembers) {
    String base = claims();
    return base.substring(0, base.length() - 1) + "," + rawMembers + "}";
  }

  /** Fixture claims with raw member text inserted right after the opening brace. */
  static String claimsFirst(String rawMembers) {
    return "{" + rawMembers + "," + claims().substring(1);
  }

  static String headerWith(String rawMembers) {
    return HEADER.substring(0, HEADER.length() - 1) + "," + rawMembers + "}";
  }

  /** Bytes: text before, raw bytes, text after (UTF-8). */
  static byte[] bytes(String before, int[] raw, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(before));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(utf8(after));
    return out.toByteArray();
  }

  /** Fixture claims with a custom claim "x" whose string value holds raw bytes. */
  static byte[] claimsWithRawString(int... raw) {
    String base = claims();
    return bytes(base.substring(0, base.length() - 1) + ",\"x\":\"a", raw, "b\"}");
  }

  static String ch(int c) {
    return String.valueOf((char) c);
  }

  static String nest(int levels) {
    // levels nested arrays inside a member of the top object (which is level 1)
    return "[".repeat(levels) + "]".repeat(levels);
  }

  static String nestMixed(int levels) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (i % 2 == 0) {
        open.append("{\"k\":");
        close.insert(0, "}");
      } else {
        open.append("[");
        close.insert(0, "]");
      }
    }
    // innermost value
    return open + "1" + close;
  }

  // ---------------------------------------------------------------- outcome

  /** ACCEPTED, the Reason's name, or ESCAPED:/INTERNAL:/LEAK: for a problem in the failure itself. */
  static String outcome(JwtAuthenticator authenticator, String token) {
    try {
      authenticator.authenticate(token);
      return ACCEPTED;
    } catch (CredentialRejectedException e) {
      return hygiene(e.getMessage(), token, e.reason().name());
    } catch (VerificationUnavailableException e) {
      return "UNAVAILABLE:" + e.reason().name();
    } catch (Throwable t) {
      return "ESCAPED:" + t.getClass().getName();
    }
  }

  private static String hygiene(String message, String token, String reason) {
    if (message == null) {
      return reason;
    }
    if (message.contains("could not be processed")) {
      return "INTERNAL:" + reason + ":" + message.substring(message.indexOf("processed:") + 10).trim();
    }
    if (!SecretScanner.leaks(message).isEmpty() || message.contains("\n") || message.contains("\tat ")) {
      return "LEAK:" + reason;
    }
    for (String segment : token.split("\\.", -1)) {
      if (segment.length() >= 12 && message.contains(segment.substring(0, 12))) {
        return "LEAK:" + reason;
      }
    }
    return reason;
  }

  // ---------------------------------------------------------------- the table

  private static final class Probe {
    final String name;
    final Supplier<String> token;
    final Set<String> expected;
    final boolean big;

    Probe(String name, Supplier<String> token, boolean big, String... expected) {
      this.name = name;
      this.token = token;
      this.big = big;
      this.expected = Set.of(expected);
    }
  }

  private static final List<Probe> PROBES = new ArrayList<>();

  private static void p(String name, Supplier<String> token, String... expected) {
    PROBES.add(new Probe(name, token, false, expected));
  }

  private static void big(String name, Supplier<String> token, String... expected) {
    PROBES.add(new Probe(name, token, true, expected));
  }

  private static void claimsProbe(String name, String claimsJson, String... expected) {
    p(name, () -> tok(HEADER, claimsJson), expected);
  }

  private static void headerProbe(String name, String headerJson, String... expected) {
    p(name, () -> tok(headerJson, claims()), expected);
  }

  static {
    String M = "MALFORMED";
    String ALG = "ALGORITHM_NOT_ALLOWED";
    String UTF = "UNSUPPORTED_TOKEN_FORMAT";

    claimsProbe("baseline", claims(), ACCEPTED);
    headerProbe("baseline_header", HEADER, ACCEPTED);

    // ---- duplicate member names: escaped vs unescaped, null first, nested, header
    claimsProbe("dup_sub_escaped_last", claimsWith("\"\\u0073ub\":\"admin\""), M);
    claimsProbe("dup_sub_escaped_first", claimsFirst("\"\\u0073ub\":\"admin\""), M);
    claimsProbe("dup_sub_null_first", claimsFirst("\"sub\":null"), M);
    claimsProbe("dup_sub_null_last", claimsWith("\"sub\":null"), M);
    claimsProbe("dup_exp_null_first", claimsFirst("\"exp\":null"), M);
    claimsProbe("dup_scope_escaped", claimsWith("\"\\u0073\\u0063ope\":\"admin write\""), M);
    claimsProbe("dup_iss_escaped_slash", claimsWith("\"i\\u0073s\":\"https:\\/\\/evil.example\""), M);
    claimsProbe("dup_nested_object", claimsWith("\"x\":{\"a\":1,\"\\u0061\":2}"), M);
    claimsProbe("dup_nested_null_null", claimsWith("\"x\":{\"a\":null,\"a\":null}"), M);
    claimsProbe("dup_nested_null_then_value", claimsWith("\"x\":{\"a\":null,\"a\":\"admin\"}"), M);
    claimsProbe("dup_nested_in_array", claimsWith("\"x\":[1,{\"k\":{\"b\":true,\"b\":false}}]"), M);
    claimsProbe("dup_roles_nested_deep", claimsWith("\"realm_access\":{\"roles\":[\"u\"],\"roles\":[\"admin\"]}"), M);
    claimsProbe("dup_surrogate_escaped_vs_raw", claimsWith("\"\\ud83d\\ude00\":1,\"\ud83d\ude00\":2"), M);
    claimsProbe("distinct_nul_suffix", claimsWith("\"sub\\u0000\":\"admin\""), ACCEPTED);
    // RFC 8259 §8.2: unpaired surrogates give unpredictable behaviour; refusing them is fine.
    claimsProbe("distinct_lone_surrogates", claimsWith("\"\\ud800\":1,\"\\ud801\":2"), M);
    claimsProbe("distinct_lone_high_vs_low", claimsWith("\"a\\ud800\":1,\"a\\udc00\":2"), M);
    claimsProbe("distinct_case", claimsWith("\"Sub\":\"admin\",\"SUB\":\"admin\""), ACCEPTED);
    claimsProbe("distinct_unnormalized_e_acute", claimsWith("\"\\u00e9\":1,\"e\\u0301\":2"), ACCEPTED);
    claimsProbe("same_name_sibling_objects", claimsWith("\"x\":[{\"a\":1},{\"a\":2}]"), ACCEPTED);
    claimsProbe("same_name_other_level", claimsWith("\"x\":{\"sub\":\"admin\",\"x\":{\"x\":1}}"), ACCEPTED);
    headerProbe("hdr_dup_alg_escaped", headerWith("\"\\u0061lg\":\"RS256\""), M);
    headerProbe("hdr_dup_alg_none_first", "{\"alg\":\"none\"," + HEADER.substring(1), M);
    headerProbe("hdr_dup_kid_null_first", "{\"kid\":null," + HEADER.substring(1), M);
    headerProbe("hdr_dup_typ_escaped", headerWith("\"t\\u0079p\":\"JWT\""), M);
    headerProbe("hdr_dup_inside_ignored_jwk", headerWith("\"jwk\":{\"kty\":\"RSA\",\"kty\":\"EC\"}"), M);
    headerProbe("hdr_dup_inside_ignored_x5c", headerWith("\"x5c\":[{\"a\":1,\"a\":1}]"), M);

    // ---- numbers
    claimsProbe("exp_double_dot_zero", claims("exp", (Tokens.T0 + 300) + ".0"), ACCEPTED);
    claimsProbe("exp_exponent", claims("exp", "1.7000003e9"), ACCEPTED);
    claimsProbe("exp_exponent_upper_plus", claims("exp", "1.7000003E+9"), ACCEPTED);
    claimsProbe("exp_negative_exponent", claims("exp", "17000003000e-1"), ACCEPTED);
    claimsProbe("exp_fraction", claims("exp", (Tokens.T0 + 300) + ".999999999999"), ACCEPTED);
    claimsProbe("exp_20_digits", claims("exp", "17000003000000000000"), "INVALID_CLAIM");
    claimsProbe("exp_long_max", claims("exp", "9223372036854775807"), "INVALID_CLAIM");
    claimsProbe("exp_long_max_plus_1", claims("exp", "9223372036854775808"), "INVALID_CLAIM");
    claimsProbe("exp_long_min_minus_1", claims("exp", "-9223372036854775809"), "INVALID_CLAIM");
    claimsProbe("exp_year_9999", claims("exp", "253402300799"), ACCEPTED);
    claimsProbe("exp_year_10000", claims("exp", "253402300800"), "INVALID_CLAIM");
    claimsProbe("exp_minus_zero", claims("exp", "-0"), "EXPIRED");
    claimsProbe("exp_minus_zero_double", claims("exp", "-0.0"), "EXPIRED");
    claimsProbe("nbf_minus_zero", claims("nbf", "-0"), ACCEPTED);
    claimsProbe("iat_minus_zero_double", claims("iat", "-0.0E0"), ACCEPTED);
    claimsProbe("exp_underflow_1e-400", claims("exp", "1e-400"), "EXPIRED");
    claimsProbe("exp_overflow_1e400", claims("exp", "1e400"), M);
    claimsProbe("exp_exponent_20_digits", claims("exp", "1e99999999999999999999"), M);
    claimsProbe("exp_neg_exponent_20_digits", claims("exp", "1e-99999999999999999999"), "EXPIRED");
    claimsProbe("exp_as_string", claims("exp", "\"" + (Tokens.T0 + 300) + "\""), "INVALID_CLAIM");
    claimsProbe("exp_as_true", claims("exp", "true"), "INVALID_CLAIM");
    claimsProbe("exp_as_array", claims("exp", "[" + (Tokens.T0 + 300) + "]"), "INVALID_CLAIM");
    claimsProbe("exp_as_object", claims("exp", "{}"), "INVALID_CLAIM");
    claimsProbe("exp_null", claims("exp", "null"), "MISSING_CLAIM");
    claimsProbe("exp_leading_plus", claims("exp", "+" + (Tokens.T0 + 300)), M);
    claimsProbe("exp_leading_zero", claims("exp", "0" + (Tokens.T0 + 300)), M);
    claimsProbe("exp_minus_only", claims("exp", "-"), M);
    claimsProbe("exp_dangling_exponent", claims("exp", "1e"), M);
    claimsProbe("nbf_1e308", claims("nbf", "1e308"), "INVALID_CLAIM");
    claimsProbe("iat_fraction_tiny", claims("iat", "0.0000000000000000000000001"), ACCEPTED);
    claimsProbe("num_int_301_digits_finite", claimsWith("\"x\":1" + "0".repeat(300)), "MALFORMED"); // over Json.MAX_NUMBER_LENGTH
    claimsProbe("num_int_400_digits_infinite", claimsWith("\"x\":1" + "0".repeat(400)), M);
    claimsProbe("num_fraction_990_chars", claimsWith("\"x\":0." + "0".repeat(987) + "1"), "MALFORMED"); // over Json.MAX_NUMBER_LENGTH
    claimsProbe("num_fraction_1200_chars", claimsWith("\"x\":0." + "0".repeat(1197) + "1"), M);
    claimsProbe("num_int_1200_digit_zeros", claimsWith("\"x\":-" + "1".repeat(1) + "0".repeat(1199) + "e-1300"),
        M);

    // ---- whitespace other than JSON's four, and raw controls
    claimsProbe("ws_all_four_everywhere", " \t\r\n{ \t\r\n\"iss\" \t\r\n: \t\r\n\"" + Tokens.ISSUER_A + "\" \r\n,\n"
        + claims().substring(claims().indexOf("\"sub\"")) + " \n\t\r", ACCEPTED);
    for (int c : new int[] {0x00, 0x08, 0x0b, 0x0c, 0x1c, 0x1f, 0x7f, 0x85, 0xa0, 0x1680, 0x2000, 0x2028, 0x2029,
        0x3000, 0xfeff}) {
      String hex = String.format("%04x", c);
      claimsProbe("ws_U+" + hex + "_between_tokens", "{" + ch(c) + claims().substring(1), M);
      claimsProbe("ws_U+" + hex + "_after_object", claims() + ch(c), M);
    }
    claimsProbe("ws_space_then_bom", " " + ch(0xfeff) + claims(), M);
    headerProbe("hdr_ws_nbsp", "{" + ch(0xa0) + HEADER.substring(1), M);
    headerProbe("hdr_ws_nul_after", HEADER + ch(0), M);
    for (int c : new int[] {0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x1f}) {
      claimsProbe("raw_ctrl_U+" + String.format("%04x", c) + "_in_string", claimsWith("\"x\":\"a" + ch(c) + "b\""), M);
      claimsProbe("raw_ctrl_U+" + String.format("%04x", c) + "_in_name", claimsWith("\"x" + ch(c) + "\":1"), M);
    }
    claimsProbe("raw_del_in_string", claimsWith("\"x\":\"a" + ch(0x7f) + "b\""), ACCEPTED);
    claimsProbe("raw_u2028_in_string", claimsWith("\"x\":\"a" + ch(0x2028) + "b\""), ACCEPTED);
    claimsProbe("escaped_nul_name_and_value", claimsWith("\"x\\u0000\":\"\\u0000\""), ACCEPTED);
    claimsProbe("escaped_nul_in_sub", claims("sub", "\"user-0001\\u0000\""), "INVALID_CLAIM");
    claimsProbe("escaped_lone_surrogate_in_sub", claims("sub", "\"user-0001\\ud800\""), "MALFORMED"); // RFC 8259 §8.2, any string
    claimsProbe("escaped_lone_surrogate_custom", claimsWith("\"x\":\"\\udc00\\ud800\""), "MALFORMED"); // RFC 8259 §8.2, any string
    claimsProbe("escape_slash", claimsWith("\"x\":\"a\\/b\""), ACCEPTED);
    claimsProbe("escape_x41", claimsWith("\"x\":\"\\x41\""), M);
    claimsProbe("escape_upper_U", claimsWith("\"x\":\"\\U0041\""), M);
    claimsProbe("escape_bad_hex", claimsWith("\"x\":\"\\u00g0\""), M);
    claimsProbe("escape_short", claimsWith("\"x\":\"\\u00\""), M);
    claimsProbe("escape_single_quote", claimsWith("\"x\":\"\\'\""), M);
    claimsProbe("escape_at_end", claimsWith("\"x\":\"\\"), M);

    // ---- UTF-8
    p("utf8_overlong_slash", () -> raw(utf8(HEADER), claimsWithRawString(0xc0, 0xaf)), M);
    p("utf8_overlong_nul", () -> raw(utf8(HEADER), claimsWithRawString(0xc0, 0x80)), M);
    p("utf8_overlong_3byte", () -> raw(utf8(HEADER), claimsWithRawString(0xe0, 0x80, 0xaf)), M);
    p("utf8_overlong_4byte", () -> raw(utf8(HEADER), claimsWithRawString(0xf0, 0x80, 0x80, 0xaf)), M);
    p("utf8_cesu8_pair", () -> raw(utf8(HEADER), claimsWithRawString(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80)), M);
    p("utf8_lone_surrogate", () -> raw(utf8(HEADER), claimsWithRawString(0xed, 0xa0, 0x80)), M);
    p("utf8_above_10ffff", () -> raw(utf8(HEADER), claimsWithRawString(0xf4, 0x90, 0x80, 0x80)), M);
    p("utf8_5_byte", () -> raw(utf8(HEADER), claimsWithRawString(0xf8, 0x88, 0x80, 0x80, 0x80)), M);
    p("utf8_lone_continuation", () -> raw(utf8(HEADER), claimsWithRawString(0x80)), M);
    p("utf8_truncated", () -> raw(utf8(HEADER), claimsWithRawString(0xe2, 0x82)), M);
    p("utf8_fe_ff", () -> raw(utf8(HEADER), claimsWithRawString(0xfe, 0xff)), M);
    p("utf8_latin1_e9", () -> raw(utf8(HEADER), claimsWithRawString(0xe9)), M);
    p("utf8_valid_4_byte", () -> raw(utf8(HEADER), claimsWithRawString(0xf0, 0x9f, 0x98, 0x80)), ACCEPTED);
    p("utf8_noncharacter_fffe", () -> raw(utf8(HEADER), claimsWithRawString(0xef, 0xbf, 0xbe)), ACCEPTED);
    p("utf8_invalid_in_name", () -> raw(utf8(HEADER),
        bytes(claims().substring(0, claims().length() - 1) + ",\"x", new int[] {0xc0, 0xaf}, "\":1}")), M);
    p("utf8_invalid_in_header_kid", () -> raw(bytes("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1",
        new int[] {0xed, 0xa0, 0x80}, "\"}"), utf8(claims())), M);
    p("utf8_invalid_in_ignored_header_param", () -> raw(bytes(HEADER.substring(0, HEADER.length() - 1)
        + ",\"x5u\":\"", new int[] {0xff}, "\"}"), utf8(claims())), M);
    p("bom_payload", () -> raw(utf8(HEADER), bytes("", new int[] {0xef, 0xbb, 0xbf}, claims())), M);
    p("bom_header", () -> raw(bytes("", new int[] {0xef, 0xbb, 0xbf}, HEADER), utf8(claims())), M);
    p("bom_after_object", () -> raw(utf8(HEADER), bytes(claims(), new int[] {0xef, 0xbb, 0xbf}, "")), M);
    p("utf16le_payload", () -> raw(utf8(HEADER), claims().getBytes(StandardCharsets.UTF_16LE)), M);
    p("utf16be_bom_payload", () -> raw(utf8(HEADER), claims().getBytes(StandardCharsets.UTF_16)), M);

    // ---- nesting, header and payload
    claimsProbe("nest_payload_64_arrays", claimsWith("\"x\":" + nest(63)), ACCEPTED);
    claimsProbe("nest_payload_65_arrays", claimsWith("\"x\":" + nest(64)), M);
    claimsProbe("nest_payload_64_mixed", claimsWith("\"x\":" + nestMixed(63)), ACCEPTED);
    claimsProbe("nest_payload_65_mixed", claimsWith("\"x\":" + nestMixed(64)), M);
    claimsProbe("nest_payload_255", claimsWith("\"x\":" + nest(254)), M);
    claimsProbe("nest_payload_300", claimsWith("\"x\":" + nest(299)), M);
    claimsProbe("nest_payload_unclosed_4000", claimsWith("\"x\":" + "[".repeat(4000)), M);
    headerProbe("nest_header_64", headerWith("\"x\":" + nest(63)), ACCEPTED);
    headerProbe("nest_header_65", headerWith("\"x\":" + nest(64)), M);
    headerProbe("nest_header_65_in_ignored_jwk", headerWith("\"jwk\":" + nestMixed(64)), M);
    big("nest_payload_1M_arrays", () -> tok(HEADER, claimsWith("\"x\":" + nest(1_000_000))), M);
    big("nest_header_200k_objects", () -> tok(headerWith("\"x\":" + nestMixed(200_000)), claims()), M);

    // ---- top level, trailing data, comments
    claimsProbe("top_array", "[" + claims() + "]", M);
    claimsProbe("top_string", "\"x\"", M);
    claimsProbe("top_number", "1", M);
    claimsProbe("top_null", "null", M);
    claimsProbe("top_true", "true", M);
    claimsProbe("top_whitespace_only", " ", M);
    claimsProbe("top_empty_object", "{}", "MISSING_CLAIM");
    claimsProbe("trailing_second_object", claims() + claims(), M);
    claimsProbe("trailing_close_bracket", claims() + "]", M);
    claimsProbe("trailing_close_brace", claims() + "}", M);
    claimsProbe("trailing_comma", claims() + ",", M);
    claimsProbe("trailing_nul_escaped_text", claims() + "\\u0000", M);
    claimsProbe("unterminated", claims().substring(0, claims().length() - 1), M);
    headerProbe("hdr_top_null", "null", M);
    headerProbe("hdr_top_array", "[" + HEADER + "]", M);
    headerProbe("hdr_top_string", "\"RS256\"", M);
    headerProbe("hdr_empty_object", "{}", ALG);
    headerProbe("hdr_comment_before", "/*c*/" + HEADER, M);
    headerProbe("hdr_comment_inside", "{/*c*/" + HEADER.substring(1), M);
    headerProbe("hdr_hash_comment_after", HEADER + "#c", M);
    headerProbe("hdr_single_quotes", HEADER.replace('"', '\''), M);
    headerProbe("hdr_unquoted_names", "{alg:\"RS256\",typ:\"at+jwt\",kid:\"a-rsa-1\"}", M);
    headerProbe("hdr_trailing_object", HEADER + "{}", M);

    // ---- alg variants (always signed RS256)
    headerProbe("alg_escaped_all", "{\"alg\":\"\\u0052\\u0053\\u0032\\u0035\\u0036\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}",
        ACCEPTED);
    headerProbe("alg_name_escaped", "{\"\\u0061lg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", ACCEPTED);
    for (String alg : new String[] {"\"RS256 \"", "\" RS256\"", "\"rs256\"", "\"Rs256\"", "\"RS256\\u0000\"",
        "\"RS\\u0000256\"", "\"RS256\\u200b\"", "\"\\uff32\\uff33256\"", "\"none\"", "\"None\"", "\"NONE\"", "\"\"",
        "null", "256", "true", "[\"RS256\"]", "{\"RS256\":1}", "\"HS256\"", "\"RS256,none\""}) {
      headerProbe("alg_" + alg, "{\"alg\":" + alg + ",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", ALG);
    }
    headerProbe("alg_absent", "{\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", ALG);
    headerProbe("alg_upper_name", "{\"ALG\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", ALG);

    // ---- kid / typ / cty types, crit / zip / b64 / enc, ignored key parameters
    for (String kid : new String[] {"1", "true", "false", "{}", "[]", "[\"a-rsa-1\"]", "{\"kid\":\"a-rsa-1\"}", "1.5"}) {
      headerProbe("kid_" + kid, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":" + kid + "}", M);
    }
    headerProbe("kid_null", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":null}", ACCEPTED, "UNKNOWN_KEY");
    headerProbe("kid_absent", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", ACCEPTED, "UNKNOWN_KEY");
    headerProbe("kid_empty", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"\"}", "UNKNOWN_KEY");
    headerProbe("kid_nul_suffix", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\\u0000\"}", "UNKNOWN_KEY");
    headerProbe("kid_escaped", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"\\u0061-rsa-1\"}", ACCEPTED);
    headerProbe("kid_of_ec_key", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}", ALG, "UNKNOWN_KEY",
        "KEY_REJECTED");
    headerProbe("typ_null", "{\"alg\":\"RS256\",\"typ\":null,\"kid\":\"a-rsa-1\"}", ACCEPTED);
    headerProbe("typ_absent", "{\"alg\":\"RS256\",\"kid\":\"a-rsa-1\"}", ACCEPTED);
    headerProbe("typ_number", "{\"alg\":\"RS256\",\"typ\":1,\"kid\":\"a-rsa-1\"}", M);
    headerProbe("typ_array", "{\"alg\":\"RS256\",\"typ\":[\"at+jwt\"],\"kid\":\"a-rsa-1\"}", M);
    headerProbe("typ_object", "{\"alg\":\"RS256\",\"typ\":{},\"kid\":\"a-rsa-1\"}", M);
    headerProbe("typ_empty", "{\"alg\":\"RS256\",\"typ\":\"\",\"kid\":\"a-rsa-1\"}", "TYPE_MISMATCH");
    headerProbe("typ_upper", "{\"alg\":\"RS256\",\"typ\":\"AT+JWT\",\"kid\":\"a-rsa-1\"}", ACCEPTED);
    headerProbe("typ_application", "{\"alg\":\"RS256\",\"typ\":\"application/at+jwt\",\"kid\":\"a-rsa-1\"}", ACCEPTED);
    headerProbe("typ_nul_suffix", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\\u0000\",\"kid\":\"a-rsa-1\"}", "TYPE_MISMATCH");
    headerProbe("typ_escaped_jwt", "{\"alg\":\"RS256\",\"typ\":\"JW\\u0054\",\"kid\":\"a-rsa-1\"}", ACCEPTED);
    headerProbe("typ_id_token", "{\"alg\":\"RS256\",\"typ\":\"id+jwt\",\"kid\":\"a-rsa-1\"}", "TYPE_MISMATCH");
    headerProbe("cty_null", headerWith("\"cty\":null"), ACCEPTED);
    headerProbe("cty_number", headerWith("\"cty\":1"), M);
    headerProbe("cty_array", headerWith("\"cty\":[]"), M);
    headerProbe("cty_jwt", headerWith("\"cty\":\"JWT\""), ACCEPTED);
    headerProbe("crit_empty", headerWith("\"crit\":[]"), "CRIT_UNSUPPORTED");
    headerProbe("crit_null", headerWith("\"crit\":null"), "CRIT_UNSUPPORTED");
    headerProbe("crit_number", headerWith("\"crit\":5"), "CRIT_UNSUPPORTED");
    headerProbe("crit_exp", headerWith("\"crit\":[\"exp\"],\"exp\":1"), "CRIT_UNSUPPORTED");
    headerProbe("crit_escaped", headerWith("\"\\u0063rit\":[\"b64\"]"), "CRIT_UNSUPPORTED");
    headerProbe("zip_def", headerWith("\"zip\":\"DEF\""), UTF);
    headerProbe("zip_null", headerWith("\"zip\":null"), UTF);
    headerProbe("b64_false", headerWith("\"b64\":false"), UTF);
    headerProbe("b64_true", headerWith("\"b64\":true"), UTF);
    headerProbe("b64_escaped", headerWith("\"\\u0062\\u0036\\u0034\":false"), UTF);
    headerProbe("enc", headerWith("\"enc\":\"A128GCM\""), UTF);
    headerProbe("enc_null", headerWith("\"enc\":null"), UTF);
    headerProbe("ignored_jwk_number", headerWith("\"jwk\":5"), ACCEPTED);
    headerProbe("ignored_jwk_private_oct", headerWith("\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}"), ACCEPTED);
    headerProbe("ignored_jku", headerWith("\"jku\":\"http://127.0.0.1:1/jwks\""), ACCEPTED);
    headerProbe("ignored_x5u_number", headerWith("\"x5u\":1"), ACCEPTED);
    headerProbe("ignored_x5c_string", headerWith("\"x5c\":\"nope\""), ACCEPTED);
    headerProbe("ignored_x5c_garbage_cert", headerWith("\"x5c\":[\"AAAA\",1,null]"), ACCEPTED);
    headerProbe("ignored_x5t_array", headerWith("\"x5t\":[]"), ACCEPTED);
    headerProbe("ignored_x5t256_object", headerWith("\"x5t#S256\":{}"), ACCEPTED);
    headerProbe("unknown_params_odd_types", headerWith("\"url\":5,\"nonce\":[],\"iss\":1,\"exp\":\"x\""), ACCEPTED);

    // ---- size: many members, long names, long values (cap raised to 16 MiB)
    big("many_members_50k", () -> tok(HEADER, claimsWith(manyMembers(50_000, false))), ACCEPTED);
    big("many_members_50k_colliding_hashes", () -> tok(HEADER, claimsWith(manyMembers(50_000, true))), ACCEPTED);
    big("many_header_members_20k", () -> tok(headerWith(manyMembers(20_000, false)), claims()), ACCEPTED);
    big("long_name_40k", () -> tok(HEADER, claimsWith("\"" + "n".repeat(40_000) + "\":1")), "MALFORMED"); // over Json.MAX_NAME_LENGTH
    big("long_name_60k", () -> tok(HEADER, claimsWith("\"" + "n".repeat(60_000) + "\":1")), M);
    big("long_header_name_60k", () -> tok(headerWith("\"" + "n".repeat(60_000) + "\":1"), claims()), M);
    big("long_value_4M", () -> tok(HEADER, claimsWith("\"x\":\"" + "v".repeat(4_000_000) + "\"")), ACCEPTED);
    big("many_300_digit_numbers", () -> tok(HEADER, claimsWith("\"x\":[" + String.join(",",
        Collections.nCopies(20_000, "1" + "0".repeat(300))) + "]")), M); // over Json.MAX_NUMBER_LENGTH
    big("dup_after_50k_members", () -> tok(HEADER, claimsWith(manyMembers(50_000, true) + ",\"m" + "Aa".repeat(16) + "\":1")), M);
  }

  /** n members named m0..m(n-1), or n names with one String.hashCode ("Aa"/"BB" blocks). */
  static String manyMembers(int n, boolean colliding) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"');
      if (colliding) {
        out.append('m');
        for (int bit = 0; bit < 16; bit++) {
          out.append(((i >> bit) & 1) == 0 ? "Aa" : "BB");
        }
      } else {
        out.append('m').append(i);
      }
      out.append("\":").append(i);
    }
    return out.toString();
  }

  @TestFactory
  Stream<DynamicTest> tableProbes() {
    JwtAuthenticator cold = AttackFixture.builder().disableVerifiedTokenCache().build();
    JwtAuthenticator coldBig = AttackFixture.builder().disableVerifiedTokenCache().maxTokenSize(BIG_CAP).build();
    return PROBES.stream().map(probe -> DynamicTest.dynamicTest(probe.name, () -> {
      String token = probe.token.get();
      // Warm the shared authenticator's memo with other headers first, then decide cold and warm.
      WARM.authenticate(Tokens.fixture());
      long start = System.nanoTime();
      String first = outcome(probe.big ? coldBig : cold, token);
      long millis = (System.nanoTime() - start) / 1_000_000;
      String second = outcome(WARM, token);
      String third = outcome(probe.big ? coldBig : cold, token);
      OUTCOMES.put(probe.name, first);
      assertThat(second).as("warm memo decides as cold (%s)", probe.name).isEqualTo(first);
      assertThat(third).as("second decision equals first (%s)", probe.name).isEqualTo(first);
      assertThat(first).as("outcome of %s", probe.name).isIn(probe.expected);
      assertThat(millis).as("time for %s", probe.name).isLessThan(10_000);
    }));
  }

  @AfterAll
  static void writeOutcomes() throws IOException {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(OUTCOMES).forEach((name, result) -> out.append(name).append('\t').append(result).append('\n'));
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("reviewer-probe-outcomes.tsv"), out.toString());
  }

  // ---------------------------------------------------------------- principal details

  @Test
  void duplicateLookalikesNeverChangeTheSubject() {
    JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache().build();
    AuthPrincipal nul = authenticator.authenticate(tok(HEADER, claimsWith("\"sub\\u0000\":\"admin\"")));
    assertThat(nul.subject()).isEqualTo("user-0001");
    assertThat(nul.claims()).containsKey("sub\u0000");
    AuthPrincipal escapedKid = authenticator.authenticate(tok(
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"\\u0061-rsa-1\"}", claims()));
    assertThat(escapedKid.subject()).isEqualTo("user-0001");
  }

  @Test
  void kidNullAndKidAbsentDecideAlike() {
    JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache().build();
    String nullKid = outcome(authenticator, tok("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":null}", claims()));
    String noKid = outcome(authenticator, tok("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", claims()));
    OUTCOMES.put("x_kid_null_vs_absent", nullKid + "/" + noKid);
    assertThat(nullKid).isEqualTo(noKid);
  }

  @Test
  void nestedDuplicateRoleListNeverGrantsTheLastRole() {
    // Gson (before the change) let the last of two nested "roles" win; a parser that keeps the first
    // would see "user": the token must be refused, not mapped to either.
    JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache()
        .claimMapper(ClaimMapper.builder().rolesFrom("realm_access.roles").build()).build();
    String token = tok(HEADER, claimsWith("\"realm_access\":{\"roles\":[\"user\"],\"roles\":[\"admin\"]}"));
    String result = outcome(authenticator, token);
    OUTCOMES.put("x_nested_duplicate_roles_with_role_path", result);
    assertThat(result).isEqualTo("MALFORMED");
  }

  @Test
  void integersBeyondLongStayExactAndDistinct() {
    // Was a hazard (Gson, and the first Jackson version): two different 20-digit ids parsed to one
    // Double. Integers beyond long are now exact BigIntegers.
    JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache().build();
    Object a = authenticator.authenticate(tok(HEADER, claimsWith("\"n\":12345678901234567890"))).claim("n").orElseThrow();
    Object b = authenticator.authenticate(tok(HEADER, claimsWith("\"n\":12345678901234567891"))).claim("n").orElseThrow();
    OUTCOMES.put("x_20_digit_ids_collapse", String.valueOf(a.equals(b)));
    assertThat(a).isInstanceOf(java.math.BigInteger.class).isNotEqualTo(b);
  }

  @Test
  void principalIsDeeplyImmutable() {
    JwtAuthenticator authenticator = AttackFixture.builder().build();
    String token = tok(HEADER, claims("scope", "\"read write\"", "aud", "[\"" + Tokens.AUDIENCE + "\",\"other\"]")
        .replace("}", ",\"roles\":[\"user\",\"admin\"],\"x\":{\"y\":[1,{\"z\":\"w\"}],\"n\":null}}"));
    AuthPrincipal principal = authenticator.authenticate(token);
    Map<String, Object> claims = principal.claims();
    String before = principal.toString() + claims + principal.scopes() + principal.roles() + principal.audience();

    List<Runnable> attempts = new ArrayList<>();
    attempts.add(() -> claims.put("sub", "admin"));
    attempts.add(() -> claims.remove("exp"));
    attempts.add(claims::clear);
    attempts.add(() -> claims.entrySet().iterator().next().setValue("admin"));
    attempts.add(() -> claims.keySet().remove("sub"));
    attempts.add(() -> claims.values().clear());
    attempts.add(() -> claims.replaceAll((k, v) -> "admin"));
    attempts.add(() -> claims.computeIfAbsent("new", k -> 1));
    attempts.add(() -> claims.merge("sub", "x", (a, b) -> b));
    attempts.add(() -> claims.putIfAbsent("new", 1));
    attempts.add(() -> claims.entrySet().removeIf(e -> true));
    @SuppressWarnings("unchecked")
    Map<String, Object> x = (Map<String, Object>) claims.get("x");
    attempts.add(() -> x.put("y", "admin"));
    attempts.add(() -> x.replace("n", "admin"));
    attempts.add(() -> x.entrySet().iterator().next().setValue(1));
    @SuppressWarnings("unchecked")
    List<Object> y = (List<Object>) x.get("y");
    attempts.add(() -> y.add("admin"));
    attempts.add(() -> y.set(0, 2));
    attempts.add(() -> y.remove(0));
    attempts.add(() -> y.subList(0, 1).clear());
    attempts.add(() -> y.listIterator().set(3));
    attempts.add(() -> y.sort(null));
    attempts.add(() -> y.replaceAll(v -> v));
    @SuppressWarnings("unchecked")
    Map<String, Object> z = (Map<String, Object>) y.get(1);
    attempts.add(() -> z.put("z", "admin"));
    @SuppressWarnings("unchecked")
    List<Object> aud = (List<Object>) claims.get("aud");
    attempts.add(() -> aud.add("api://else"));
    @SuppressWarnings("unchecked")
    List<Object> roles = (List<Object>) claims.get("roles");
    attempts.add(() -> roles.set(0, "admin"));
    for (Set<String> set : List.of(principal.scopes(), principal.roles(), principal.audience())) {
      attempts.add(() -> set.add("admin"));
      attempts.add(() -> set.remove(set.iterator().next()));
      attempts.add(set::clear);
      attempts.add(() -> set.removeIf(s -> true));
      attempts.add(() -> set.retainAll(Set.of()));
      attempts.add(() -> {
        var it = set.iterator();
        it.next();
        it.remove();
      });
    }
    for (int i = 0; i < attempts.size(); i++) {
      Runnable attempt = attempts.get(i);
      assertThatThrownBy(attempt::run).as("mutation attempt %d", i).isInstanceOf(UnsupportedOperationException.class);
    }
    String after = principal.toString() + claims + principal.scopes() + principal.roles() + principal.audience();
    assertThat(after).isEqualTo(before);
    // a cache hit hands out the same, unchanged principal
    AuthPrincipal again = authenticator.authenticate(token);
    assertThat(again).isEqualTo(principal);
    assertThat(again.scopes()).containsExactly("read", "write");
    assertThat(again.roles()).containsExactly("user", "admin");
    assertThat(again.audience()).containsExactly(Tokens.AUDIENCE, "other");
  }

  @Test
  void claimRuleThatMutatesClaimsFailsClosed() {
    JwtAuthenticator authenticator = AttackFixture.builder().claimRule(ClaimRule.of("mutates", claims -> {
      claims.put("sub", "admin");
      return true;
    })).build();
    assertThat(outcome(authenticator, Tokens.fixture())).isEqualTo("INVALID_CLAIM");
  }

  // ---------------------------------------------------------------- header memo

  /** HEADER padded with spaces so its UTF-8 length is a multiple of 3: then its segment is a prefix of any extension's. */
  private static String alignedHeader() {
    String header = HEADER.substring(0, HEADER.length() - 1);
    while ((header.length() + 1) % 3 != 0) {
      header += " ";
    }
    return header + "}";
  }

  @Test
  void memoOnlyServesByteIdenticalSegments() {
    JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache().build();
    String h = alignedHeader();
    assertThat(Tokens.b64(h + "{}")).startsWith(Tokens.b64(h));
    assertThat(outcome(authenticator, tok(h, claims()))).isEqualTo(ACCEPTED);
    // Extensions of a remembered segment: trailing data, a second object, a duplicate-laden tail.
    assertThat(outcome(authenticator, tok(h + "{}", claims()))).isEqualTo("MALFORMED");
    assertThat(outcome(authenticator, tok(h + ",\"alg\":\"none\"}", claims()))).isEqualTo("MALFORMED");
    assertThat(outcome(authenticator, tok(h + "   ", claims()))).isEqualTo(ACCEPTED);
    // Now the longer one is remembered: its prefixes must be parsed afresh.
    String longer = h + "   ";
    assertThat(outcome(authenticator, tok(longer, claims()))).isEqualTo(ACCEPTED);
    assertThat(outcome(authenticator, tok(h.substring(0, h.length() - 3), claims()))).isEqualTo("MALFORMED");
    assertThat(outcome(authenticator, tok(h, claims()))).isEqualTo(ACCEPTED);
    // A remembered header with an expired / unsigned / foreign-signed payload.
    String[] parts = tok(h, claims()).split("\\.");
    assertThat(outcome(authenticator, parts[0] + "." + parts[1] + ".")).isEqualTo("MALFORMED");
    assertThat(outcome(authenticator, parts[0] + "." + parts[1] + "." + parts[2].substring(4) + "AAAA"))
        .isEqualTo("BAD_SIGNATURE");
    String foreign = rawWith(TestKeys.X_RSA, JWSAlgorithm.RS256, utf8(h), utf8(claims()));
    assertThat(outcome(authenticator, foreign)).isEqualTo("BAD_SIGNATURE");
    assertThat(outcome(authenticator, tok(h, claims("exp", Long.toString(Tokens.T0 - 120))))).isEqualTo("EXPIRED");
  }

  @Test
  void memoDoesNotLeakAcrossConfigurations() {
    String jwtTyp = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"a-rsa-1\"}";
    String token = tok(jwtTyp, claims());
    JwtAuthenticator lax = AttackFixture.builder().disableVerifiedTokenCache().build();
    JwtAuthenticator ecOnly = AttackFixture.defaultsBuilder().algorithms(JWSAlgorithm.ES256).disableVerifiedTokenCache().build();
    JwtAuthenticator strictType = AttackFixture.builder().requireAccessTokenType().disableVerifiedTokenCache().build();
    JwtAuthenticator otherKeys = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.B_RSA_1))).clock(AttackFixture.CLOCK_T0)
        .disableVerifiedTokenCache().build();
    for (int i = 0; i < 8; i++) {
      assertThat(outcome(lax, token)).isEqualTo(ACCEPTED);
      assertThat(outcome(ecOnly, token)).isEqualTo("ALGORITHM_NOT_ALLOWED");
      assertThat(outcome(strictType, token)).isEqualTo("TYPE_MISMATCH");
      assertThat(outcome(otherKeys, token)).isIn("UNKNOWN_KEY", "BAD_SIGNATURE");
    }
  }

  @Test
  void memoUnderConcurrencyDecidesAsASingleColdThread() throws Exception {
    List<String> tokens = new ArrayList<>();
    String claims = claims();
    for (int i = 0; i < 7; i++) {
      tokens.add(tok(headerWith("\"x\":" + i), claims));
    }
    tokens.add(rawWith(TestKeys.A_EC_1, JWSAlgorithm.ES256,
        utf8("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}"), utf8(claims)));
    tokens.add(tok(HEADER, claims("sub", "\"user-0002\"")));
    // hostile, each correctly signed
    tokens.add(tok(headerWith("\"kid\":\"a-rsa-1\""), claims));
    tokens.add(tok("{\"alg\":\"RS256\",\"typ\":1,\"kid\":\"a-rsa-1\"}", claims));
    tokens.add(tok("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", claims));
    tokens.add(tok(headerWith("\"crit\":[\"x\"],\"x\":0"), claims));
    tokens.add(tok(headerWith("\"x\":0") + "{}", claims));
    tokens.add(tok(headerWith("\"x\":" + nest(64)), claims));
    tokens.add(tok("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}", claims)); // RSA signature, EC header
    tokens.add(tok(headerWith("\"x\":1").replace("at+jwt", "id+jwt"), claims));
    tokens.add(tok(headerWith("\"x\":2"), claims("exp", Long.toString(Tokens.T0 - 120))));
    tokens.add(tok(headerWith("\"x\":3"), claimsWith("\"sub\":null")));
    String good = tokens.get(0);
    tokens.add(good.substring(0, good.lastIndexOf('.') + 1)
        + Tokens.signature(TestKeys.X_RSA, JWSAlgorithm.RS256, good.substring(0, good.lastIndexOf('.'))));

    Map<String, String> expected = new LinkedHashMap<>();
    for (String token : tokens) {
      expected.put(token, outcome(AttackFixture.builder().disableVerifiedTokenCache().build(), token));
    }
    assertThat(expected.values()).contains(ACCEPTED, "MALFORMED", "ALGORITHM_NOT_ALLOWED", "CRIT_UNSUPPORTED",
        "TYPE_MISMATCH", "EXPIRED", "BAD_SIGNATURE");

    JwtAuthenticator shared = AttackFixture.builder().disableVerifiedTokenCache().build();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = 1000 + t;
      results.add(pool.submit(() -> {
        Random random = new Random(seed);
        List<String> wrong = new ArrayList<>();
        go.await();
        for (int i = 0; i < 1500; i++) {
          String token = tokens.get(random.nextInt(tokens.size()));
          String got = outcome(shared, token);
          if (!got.equals(expected.get(token))) {
            wrong.add("token #" + tokens.indexOf(token) + ": " + got + " instead of " + expected.get(token));
          }
        }
        return wrong;
      }));
    }
    go.countDown();
    List<String> wrong = new ArrayList<>();
    for (Future<List<String>> result : results) {
      wrong.addAll(result.get(5, TimeUnit.MINUTES));
    }
    pool.shutdown();
    assertThat(wrong).isEmpty();
  }

  @Test
  void deepNestingNeverOverflowsTheStack() {
    JwtAuthenticator authenticator = AttackFixture.builder().maxTokenSize(BIG_CAP).disableVerifiedTokenCache().build();
    for (String shape : new String[] {"[", "{\"a\":", "[{\"a\":"}) {
      String claimsJson = claimsWith("\"x\":" + shape.repeat(2_000_000 / shape.length()));
      String result = outcome(authenticator, tok(HEADER, claimsJson));
      assertThat(result).as(shape).isEqualTo("MALFORMED");
    }
  }
}

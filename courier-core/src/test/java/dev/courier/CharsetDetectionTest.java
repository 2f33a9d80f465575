package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** apparentEncoding() and text() on unlabelled legacy-encoded bodies (juniversalchardet is a test dependency). */
class CharsetDetectionTest {
  static final String JAPANESE = "東京の朝は早い。駅の改札を抜けると、人々は黙って階段を上り、電車を待つ列に並ぶ。"
      + "窓の外には古い商店街が見え、八百屋の主人がシャッターを開けている。私は毎朝この景色を眺めながら、"
      + "今日の仕事の段取りを考える。昼休みには近くの蕎麦屋で天ぷら蕎麦を食べるのが楽しみだ。"
      + "夕方になると、空は茜色に染まり、帰り道の川沿いでは子供たちが自転車で走り回っている。";
  static final String RUSSIAN = "Вечером мы вышли из дома и долго шли вдоль реки. Над водой поднимался туман, "
      + "а на другом берегу зажигались окна старых деревянных домов. Мой брат рассказывал о своей новой работе "
      + "в библиотеке: каждое утро он расставляет книги по полкам и помогает студентам найти нужные журналы. "
      + "Когда стемнело, мы вернулись домой, согрели чай и до полуночи говорили о лете.";
  static final String GREEK = "Το πρωί ξυπνήσαμε νωρίς και περπατήσαμε μέχρι το λιμάνι. Οι ψαράδες είχαν ήδη "
      + "γυρίσει με τις βάρκες τους και πουλούσαν φρέσκα ψάρια στην προκυμαία. Καθίσαμε σε ένα μικρό καφενείο, "
      + "ήπιαμε ελληνικό καφέ και κοιτάζαμε τη θάλασσα. Η γιαγιά μου έλεγε πάντα ότι το καλοκαίρι στο νησί "
      + "είναι η πιο όμορφη εποχή του χρόνου, και σήμερα καταλαβαίνω γιατί.";
  static final String CHINESE = "今天早上我和朋友一起去公园散步。公园里有很多老人在打太极拳，还有孩子们在草地上放风筝。"
      + "我们沿着湖边走了一圈，看到湖面上有几只白色的鸭子在游泳。中午我们在附近的小饭馆吃了饺子和面条，"
      + "味道非常好。下午回家以后，我开始准备明天的工作，把需要的文件整理好，然后给家里打了一个电话。"
      + "晚上妈妈告诉我，下个月表哥要结婚了，全家人都会回老家参加婚礼，大家都很高兴。";

  private static Response unlabelled(byte[] body) {
    return Response.builder().request(Request.get("http://legacy.example/").build())
        .header("Content-Type", "text/plain").body(body).build();
  }

  @ParameterizedTest
  @CsvSource({"JAPANESE, Shift_JIS", "RUSSIAN, windows-1251", "GREEK, ISO-8859-7", "CHINESE, GB18030"})
  void detectsTheLegacyEncodingOfRealText(String sample, String encoding) throws Exception {
    String text = (String) getClass().getDeclaredField(sample).get(null);
    Charset charset = Charset.forName(encoding);
    byte[] bytes = text.getBytes(charset);
    assertThat(bytes.length).isBetween(300, 1500);
    Response r = unlabelled(bytes);
    Charset found = r.apparentEncoding();
    // ISO-8859-7 and windows-1253 agree on every Greek letter: either reads this text right
    Set<String> accepted = encoding.equals("ISO-8859-7") ? Set.of("ISO-8859-7", "windows-1253") : Set.of(charset.name());
    assertThat(accepted).contains(found.name());
    assertThat(new String(bytes, found)).isEqualTo(text);
    assertThat(r.text()).as("text() detects too when nothing is declared").isEqualTo(text);
  }

  @Test
  void theDeclaredCharsetStillWinsForTextButNotForApparentEncoding() {
    byte[] bytes = RUSSIAN.getBytes(Charset.forName("windows-1251"));
    Response r = Response.builder().request(Request.get("http://legacy.example/").build())
        .header("Content-Type", "text/plain; charset=KOI8-R").body(bytes).build();
    assertThat(r.encoding()).contains(Charset.forName("KOI8-R"));
    assertThat(r.apparentEncoding().name()).isEqualTo("windows-1251");
  }

  @Test
  void utf8AsciiAndByteOrderMarksNeedNoDetector() {
    assertThat(unlabelled(JAPANESE.getBytes(StandardCharsets.UTF_8)).apparentEncoding()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(unlabelled("plain".getBytes(StandardCharsets.US_ASCII)).apparentEncoding()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(unlabelled(new byte[0]).apparentEncoding()).isEqualTo(StandardCharsets.UTF_8);
    byte[] bom = {(byte) 0xFF, (byte) 0xFE, 'h', 0};
    assertThat(unlabelled(bom).apparentEncoding()).isEqualTo(StandardCharsets.UTF_16LE);
  }

  @Test
  void withoutTheLibraryTheAnswerIsUtf8OrWindows1252() {
    byte[] sjis = JAPANESE.getBytes(Charset.forName("Shift_JIS"));
    assertThat(TextDecoding.apparent(sjis, CharsetDetection.NONE)).isEqualTo(TextDecoding.FALLBACK);
    assertThat(TextDecoding.apparent("ok".getBytes(StandardCharsets.UTF_8), CharsetDetection.NONE))
        .isEqualTo(StandardCharsets.UTF_8);
    assertThat(CharsetDetection.available()).as("juniversalchardet is on the test class path").isTrue();
  }

  @Test
  void garbageAndShortInputFallBackWithoutFailing() {
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    assertThat(unlabelled(noise).apparentEncoding()).isNotNull();
    assertThat(unlabelled(noise).text()).isNotNull();
    byte[] two = {(byte) 0xE9, (byte) 0xE8};
    assertThat(unlabelled(two).apparentEncoding()).isNotNull();
    assertThat(CharsetDetection.library().detect(new byte[0])).isEmpty();
  }
}

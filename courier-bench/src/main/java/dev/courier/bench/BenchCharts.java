package dev.courier.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * Charts of a run through JFreeChart, one figure per scenario (scenarios differ by orders of
 * magnitude, so they never share an axis): four panels, requests per second, CPU per request,
 * allocation per request and latency percentiles, and a fifth with the whole machine's CPU per
 * request when the rows have it ({@link MachineCpu}), Courier first and in the same colour
 * everywhere. Written as PNG and SVG side by side.
 */
final class BenchCharts {
  private static final int PANEL_WIDTH = 560;
  private static final int PANEL_HEIGHT = 340;
  private static final Color COURIER = new Color(0xD9480F);
  private static final Color PEER = new Color(0x1C7ED6);
  private static final Color[] PERCENTILES = {new Color(0x74C0FC), new Color(0x1C7ED6), new Color(0x0B3D91)};

  static {
    // Charts are drawn off screen: no display is needed (CI machines have none).
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }

  private BenchCharts() {}

  /** Writes {@code <file>.png} and {@code <file>.svg} for one scenario; returns the file stem. */
  static String scenario(Path dir, String scenario, Map<String, List<BenchRow>> servers, boolean client,
      ReportUnits units) throws IOException {
    List<String> names = new ArrayList<>(servers.keySet());
    names.sort((a, b) -> Boolean.compare(!a.startsWith("courier"), !b.startsWith("courier")));
    List<JFreeChart> panels = new ArrayList<>();
    panels.add(bars(units.rateTitle() + " (higher is better)", units.rate(), names, servers, BenchRow::requestsPerSecond));
    panels.add(bars((client ? "Client " : "Server ") + units.cpuWords() + " (lower is better)", "µs", names, servers,
        BenchRow::cpuMicrosPerRequest));
    List<String> measured = names.stream().filter(n -> servers.get(n).get(0).allocBytesPerRequest() >= 0).toList();
    panels.add(bars(units.allocWords() + " (lower is better; JVMs only)", "bytes", measured, servers,
        BenchRow::allocBytesPerRequest));
    panels.add(latency(names, servers, units.latencyWords()));
    if (BenchReport.hasMachineCpu(servers)) {
      panels.add(bars("The machine's " + units.cpuWords() + " (every process; lower is better)", "µs",
          names, servers, BenchRow::machineCpuMicrosPerRequest));
    }
    String file = scenario.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
    save(dir, file, scenario, panels);
    return file;
  }

  /**
   * Writes {@code idle-connections.png} and {@code .svg}: bytes held per idle {@code protocol}
   * connection, plain and over TLS (named {@code plainName} and {@code tlsName}), one bar per
   * server in the order given ({@link IdleConnectionMemory}); returns the stem.
   */
  static String idle(Path dir, String protocol, String plainName, String tlsName, Map<String, Double> plain,
      Map<String, Double> tls) throws IOException {
    List<JFreeChart> panels = List.of(
        bars("Per idle " + plainName + " connection (lower is better)", "bytes", plain),
        bars("Per idle " + tlsName + " connection (lower is better)", "bytes", tls));
    save(dir, "idle-connections", "Memory per idle " + protocol + " connection: JVMs' live heap, nginx's RSS", panels);
    return "idle-connections";
  }

  private static JFreeChart bars(String title, String unit, List<String> names, Map<String, List<BenchRow>> servers,
      ToDoubleFunction<BenchRow> metric) {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String name : names) medians.put(name, BenchReport.median(servers.get(name), metric));
    return bars(title, unit, medians);
  }

  /** One bar per name, in order, Courier's in its own colour. */
  private static JFreeChart bars(String title, String unit, Map<String, Double> values) {
    List<String> names = new ArrayList<>(values.keySet());
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((name, value) -> data.addValue(value, "median", name));
    JFreeChart chart = style(ChartFactory.createBarChart(title, null, unit, data, PlotOrientation.VERTICAL,
        false, false, false));
    BarRenderer renderer = new BarRenderer() {
      @Override
      public java.awt.Paint getItemPaint(int row, int column) {
        return names.get(column).startsWith("courier") ? COURIER : PEER;
      }
    };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    chart.getCategoryPlot().setRenderer(renderer);
    return chart;
  }

  private static JFreeChart latency(List<String> names, Map<String, List<BenchRow>> servers, String title) {
    List<String> labels = BenchReport.latencyLabels(servers);
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String name : names) {
      List<BenchRow> r = servers.get(name);
      data.addValue(BenchReport.median(r, BenchRow::p50Millis), labels.get(0), name);
      data.addValue(BenchReport.median(r, BenchRow::p90Millis), labels.get(1), name);
      data.addValue(BenchReport.median(r, BenchRow::p99Millis), labels.get(2), name);
    }
    JFreeChart chart = style(ChartFactory.createBarChart(title + " " + String.join(" / ", labels) + " (lower is better)", null, "ms",
        data, PlotOrientation.VERTICAL, true, false, false));
    BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < PERCENTILES.length; i++) renderer.setSeriesPaint(i, PERCENTILES[i]);
    return chart;
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDEE2E6));
    plot.setOutlineVisible(false);
    // Names such as courier-inline are wider than a bar's slot among six: wrap them rather than cut.
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(1.2f);
    return chart;
  }

  private static void save(Path dir, String file, String scenario, List<JFreeChart> panels) throws IOException {
    int width = PANEL_WIDTH * 2;
    int height = PANEL_HEIGHT * ((panels.size() + 1) / 2) + 30;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    draw(g, scenario, panels, width, height);
    g.dispose();
    ImageIO.write(image, "png", dir.resolve(file + ".png").toFile());
    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    draw(svg, scenario, panels, width, height);
    Files.writeString(dir.resolve(file + ".svg"), svg.getSVGDocument());
  }

  private static void draw(Graphics2D g, String scenario, List<JFreeChart> panels, int width, int height) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(scenario, 12, 21);
    for (int i = 0; i < panels.size(); i++) {
      panels.get(i).draw(g, new Rectangle((i % 2) * PANEL_WIDTH, 30 + (i / 2) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
    }
  }
}

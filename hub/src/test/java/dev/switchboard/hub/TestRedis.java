package dev.switchboard.hub;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Just enough RESP to clean a test's keys up without another client library. */
public final class TestRedis {

  private TestRedis() {}

  public static void deletePrefix(String prefix) {
    try (Socket s = new Socket("127.0.0.1", 6379)) {
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String cursor = "0";
      do {
        send(out, "SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
        in.readLine(); // *2
        in.readLine(); // $len
        cursor = in.readLine();
        int n = Integer.parseInt(in.readLine().substring(1));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          in.readLine();
          keys.add(in.readLine());
        }
        if (!keys.isEmpty()) {
          List<String> del = new ArrayList<>(keys);
          del.add(0, "DEL");
          send(out, del.toArray(String[]::new));
          in.readLine();
        }
      } while (!"0".equals(cursor));
    } catch (Exception e) {
      throw new IllegalStateException("redis clean-up failed", e);
    }
  }

  private static void send(OutputStream out, String... args) throws java.io.IOException {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}

package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.prover.io.InputData;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/** A small HTTP client for the tests and the load test. */
final class Http {
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;

    Http(String base) {
        this.base = base;
    }

    Http(int port) {
        this("http://127.0.0.1:" + port);
    }

    record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return InputData.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + new String(body), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, byte[] body, String contentType, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(b.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), r);
    }

    /** The lines of an event stream, as they arrive. */
    Stream<String> lines(String path) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) throw new AssertionError("events: status " + r.statusCode());
        return r.body();
    }

    /** Polls a job until it is done or failed; its final status. */
    JsonNode await(String id, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode s = get("/api/jobs/" + id).json();
            String state = s.path("state").asText();
            if (state.equals("done") || state.equals("failed")) return s;
            if (System.nanoTime() > end) throw new AssertionError("job " + id + " still " + state + " after " + limit);
            Thread.sleep(20);
        }
    }
}

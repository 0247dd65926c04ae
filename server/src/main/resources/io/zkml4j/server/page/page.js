// The page of `zkml4j serve`: pick a model, draw a digit (or give the input as JSON), prove it on the service, verify
// the proof here with the JavaScript verifier (zkml4j-verifier.js, in a worker) and on the service with the JVM's, then
// both again on a copy with one byte flipped. Plain browser JavaScript: no build step, nothing loaded from elsewhere.
"use strict";
(() => {
  const $ = id => document.getElementById(id);

  // sklearn's 8x8 digits (UCI optdigits): a 32x32 bitmap of the size-normalized digit, the ink counted in each
  // 4x4 block (0..16); the models were trained on those counts divided by 16 (../shared/models/make_models.py).
  const SIDE = 32, BLOCK = 4, CELLS = SIDE / BLOCK;
  const PEN = 3.5;      // stroke width in the 32x32 bitmap, near that of the optdigits bitmaps whatever the drawing's size
  const PAD_PEN = 16;   // stroke width shown on the 256x256 pad
  // shared/models/digits_mlp/input.json, for a keyboard-only start.
  const SAMPLE = [0, 0, 11, 16, 15, 3, 0, 0, 0, 5, 16, 12, 11, 13, 0, 0, 0, 3, 13, 1, 5, 15, 0, 0, 0, 0, 0, 0, 12, 11, 0, 0,
    0, 0, 0, 1, 16, 7, 0, 0, 0, 0, 0, 10, 15, 0, 0, 0, 0, 0, 12, 16, 16, 11, 1, 0, 0, 0, 13, 13, 8, 13, 16, 8];

  let models = [];
  let strokes = [];       // the drawing: arrays of {x, y} in pad pixels
  let counts = null;      // the 8x8 input shown (the drawing's or the sample's), null when empty
  let proven = null;      // {model, vk, proof} of the last proof
  const vks = new Map();  // model name -> verifying key bytes

  const model = () => models.find(m => m.name === $("model").value);
  const size = shape => shape.reduce((a, b) => a * b, 1);
  // The canvas is for digit classifiers: one 8x8 input (64 values, flat or 1x8x8), ten class scores out.
  const isDigits = m => m.inputs.length === 1 && size(m.inputs[0].shape) === 64 && m.outputs.length === 1 && size(m.outputs[0].shape) === 10;
  const api = path => path.split("/").map(encodeURIComponent).join("/");

  function showError(msg) {
    $("error").textContent = msg || "";
  }

  function kib(n) {
    return n < 1024 ? n + " bytes" : (n / 1024).toFixed(1) + " KiB";
  }

  /** Fetches JSON or bytes; a non-2xx answer throws its one-line error. */
  async function get(url, init, as) {
    const r = await fetch(url, init);
    if (!r.ok) {
      let msg = r.status + " " + r.statusText;
      try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON: keep the status */ }
      throw new Error(msg);
    }
    return as === "bytes" ? new Uint8Array(await r.arrayBuffer()) : r.json();
  }

  // ------------------------------------------------------------------ drawing

  const pad = $("pad"), pen = pad.getContext("2d");

  function padPoint(e) {
    const r = pad.getBoundingClientRect();
    return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
  }

  function clearPad() {
    strokes = [];
    pen.fillStyle = "#fff";
    pen.fillRect(0, 0, pad.width, pad.height);
    showDigit(null);
  }

  // Pointer events: mouse, touch and pen alike.
  pad.addEventListener("pointerdown", e => {
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    const p = padPoint(e);
    strokes.push([p]);
    pen.fillStyle = "#000";
    pen.beginPath();
    pen.arc(p.x, p.y, PAD_PEN / 2, 0, 2 * Math.PI);
    pen.fill();
  });
  pad.addEventListener("pointermove", e => {
    if (!pad.hasPointerCapture(e.pointerId)) return;
    const s = strokes[strokes.length - 1], a = s[s.length - 1], b = padPoint(e);
    s.push(b);
    pen.strokeStyle = "#000";
    pen.lineWidth = PAD_PEN;
    pen.lineCap = "round";
    pen.beginPath();
    pen.moveTo(a.x, a.y);
    pen.lineTo(b.x, b.y);
    pen.stroke();
  });
  const endStroke = e => {
    if (!pad.hasPointerCapture(e.pointerId)) return;
    pad.releasePointerCapture(e.pointerId);
    showDigit(digitCounts());
  };
  pad.addEventListener("pointerup", endStroke);
  pad.addEventListener("pointercancel", endStroke);

  /** The drawing as the model's input: 64 ink counts 0..16 (row by row), or null when nothing is drawn. */
  function digitCounts() {
    const pts = strokes.flat();
    if (!pts.length) return null;
    const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
    const x0 = Math.min(...xs), y0 = Math.min(...ys), w = Math.max(...xs) - x0, h = Math.max(...ys) - y0;
    // Scale the longer side to fill the bitmap (keeping the aspect ratio) and center the digit.
    const s = (SIDE - PEN) / Math.max(w, h, 1);
    const at = p => [(p.x - x0) * s + (SIDE - w * s) / 2, (p.y - y0) * s + (SIDE - h * s) / 2];
    const c = document.createElement("canvas");
    c.width = c.height = SIDE;
    const g = c.getContext("2d", { willReadFrequently: true });
    g.fillStyle = g.strokeStyle = "#000";
    g.lineWidth = PEN;
    g.lineCap = g.lineJoin = "round";
    for (const stroke of strokes) {
      const [x, y] = at(stroke[0]);
      g.beginPath();
      g.arc(x, y, PEN / 2, 0, 2 * Math.PI);
      g.fill();
      g.beginPath();
      g.moveTo(x, y);
      for (const p of stroke.slice(1)) g.lineTo(...at(p));
      g.stroke();
    }
    const alpha = g.getImageData(0, 0, SIDE, SIDE).data;
    const ink = new Array(CELLS * CELLS).fill(0);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        if (alpha[(y * SIDE + x) * 4 + 3] >= 128) ink[Math.floor(y / BLOCK) * CELLS + Math.floor(x / BLOCK)]++;
      }
    }
    return ink;
  }

  /** Shows the 8x8 counts as the model sees them and puts them in the input JSON (null: empty). */
  function showDigit(shown) {
    counts = shown;
    const g = $("preview").getContext("2d");
    const img = g.createImageData(CELLS, CELLS);
    for (let i = 0; i < CELLS * CELLS; i++) {
      const v = 255 - Math.round((counts ? counts[i] : 0) * 255 / 16);
      img.data.set([v, v, v, 255], i * 4);
    }
    g.putImageData(img, 0, 0);
    $("input-json").value = counts ? JSON.stringify({ input_data: [counts.map(c => c / 16)] }) : "";
  }

  // ------------------------------------------------------------------ models

  async function loadModels() {
    try {
      models = await get("/api/models");
    } catch (e) {
      showError("Cannot list the models: " + e.message);
      return;
    }
    const sel = $("model");
    sel.replaceChildren(...models.map(m => new Option(m.name + (isDigits(m) ? " (draw a digit)" : ""), m.name)));
    const first = models.find(isDigits) || models[0];
    if (first) sel.value = first.name;
    sel.disabled = $("prove").disabled = models.length === 0;
    if (models.length === 0) showError("The service serves no model.");
    else modelChosen();
  }

  function modelChosen() {
    const m = model();
    const shape = io => io.map(x => x.name + " " + x.shape.join("×")).join(", ");
    $("model-info").textContent = `Input: ${shape(m.inputs)} (${m.visibility.input}). Output: ${shape(m.outputs)} (${m.visibility.output}). `
      + `Verifying key: ${kib(m.verifyingKeyBytes)}, digest ${m.digest.slice(0, 16)}…`;
    const digits = isDigits(m);
    $("draw").hidden = !digits;
    $("json").open = !digits;
    if (digits) {
      showDigit(counts);
    } else {
      // A starting point in the layout `prove` reads: zeros of each input's size.
      $("input-json").value = JSON.stringify({ input_data: m.inputs.map(i => new Array(size(i.shape)).fill(0)) });
    }
    resetResults();
  }

  // ------------------------------------------------------------------ proving and verifying

  function resetResults() {
    proven = null;
    $("tamper").disabled = true;
    $("progress").value = 0;
    $("stage").textContent = "";
    $("tampered-label").textContent = "Tampered";
    for (const id of ["job-id", "prediction", "proof-size", "proving-time"]) $(id).textContent = "–";
    for (const id of ["js-verdict", "jvm-verdict", "js-tampered", "jvm-tampered"]) verdict(id, "", "–");
    showError("");
  }

  function verdict(id, state, text) {
    $(id).dataset.verdict = state;
    $(id).textContent = text;
  }

  /** Follows a job's server-sent events until it is done or failed; its final status. */
  function follow(id) {
    return new Promise((resolve, reject) => {
      const es = new EventSource("/api/jobs/" + api(id) + "/events");
      const show = s => {
        $("progress").value = s.progress;
        $("stage").textContent = s.stage + (s.state === "running" ? " " + Math.round(100 * s.progress) + "%" : "");
      };
      es.addEventListener("progress", e => show(JSON.parse(e.data)));
      for (const end of ["done", "failed"]) {
        es.addEventListener(end, e => {
          es.close();
          const s = JSON.parse(e.data);
          show(s);
          resolve(s);
        });
      }
      // A dropped stream reconnects by itself; a refused one (closed) is reported with the job's own status.
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) return;
        get("/api/jobs/" + api(id)).then(s => reject(new Error("lost the job's progress while it was " + s.state)), reject);
      };
    });
  }

  async function prove() {
    resetResults();
    const m = model(), body = $("input-json").value.trim();
    if (!body) {
      showError(isDigits(m) ? "Draw a digit first (or give the input as JSON)." : "Give the input as JSON first.");
      return;
    }
    try {
      JSON.parse(body);
    } catch (e) {
      showError("Input JSON: " + e.message);
      return;
    }
    $("prove").disabled = $("model").disabled = true;
    try {
      const headers = { "Content-Type": "application/json" };
      if ($("token").value) headers.Authorization = "Bearer " + $("token").value;
      const job = await get("/api/models/" + api(m.name) + "/jobs", { method: "POST", headers, body });
      $("job-id").textContent = job.id;
      const s = await follow(job.id);
      if (s.state === "failed") throw new Error("the proof failed: " + s.error);
      if (!vks.has(m.name)) vks.set(m.name, await get("/api/models/" + api(m.name) + "/vk", undefined, "bytes"));
      const [out, proof] = await Promise.all([get("/api/jobs/" + api(job.id) + "/output"),
        get("/api/jobs/" + api(job.id) + "/proof", undefined, "bytes")]);
      const scores = out.output_data[0];
      $("prediction").textContent = String(scores.indexOf(Math.max(...scores)));
      $("proof-size").textContent = kib(proof.length);
      $("proving-time").textContent = s.provingMs + " ms (after " + s.queuedMs + " ms in the queue)";
      proven = { model: m.name, vk: vks.get(m.name), proof };
      await verifyBoth(proof, "js-verdict", "jvm-verdict");
      $("tamper").disabled = false;
    } catch (e) {
      showError(e.message);
    } finally {
      $("prove").disabled = $("model").disabled = false;
    }
  }

  /** Verifies {@code proof} of the last proven model in the page and on the service, side by side. */
  async function verifyBoth(proof, jsCell, jvmCell) {
    verdict(jsCell, "pending", "verifying…");
    verdict(jvmCell, "pending", "verifying…");
    const jvm = get("/api/models/" + api(proven.model) + "/verify",
      { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: proof })
      .then(v => v.verified ? verdict(jvmCell, "ok", `verified (${v.verifyMs} ms)`) : verdict(jvmCell, "rejected", "rejected: " + v.reason),
        e => verdict(jvmCell, "error", "error: " + e.message));
    const js = inWorker({ vk: proven.vk, proof }).then(v => {
      if (!v.loaded) verdict(jsCell, "absent", "not available (see below)");
      else if (v.error) verdict(jsCell, "error", "error: " + v.error);
      else if (v.ok) verdict(jsCell, "ok", `verified (${Math.round(v.ms)} ms)`);
      else verdict(jsCell, "rejected", "rejected: " + v.message);
    });
    await Promise.all([jvm, js]);
  }

  function tamper() {
    const t = proven.proof.slice(), i = Math.floor(t.length / 2), was = t[i];
    t[i] ^= 1; // in the middle of the file: inside the proof proper, past the header, the input and the output
    const hex = b => "0x" + b.toString(16).padStart(2, "0");
    $("tampered-label").textContent = `Tampered (byte ${i} of ${t.length}: ${hex(was)} → ${hex(t[i])})`;
    $("tamper").disabled = true;
    verifyBoth(t, "js-tampered", "jvm-tampered").finally(() => { $("tamper").disabled = false; });
  }

  // ------------------------------------------------------------------ the JavaScript verifier

  // zkml4j-verifier.js runs in a worker (verify-worker.js), so a long verification leaves the page responsive.
  const worker = new Worker("verify-worker.js");
  const waiting = new Map();
  let nextId = 0, workerFailed = false;
  worker.onmessage = e => {
    waiting.get(e.data.id)(e.data);
    waiting.delete(e.data.id);
  };
  // A worker that cannot start (or dies) answers every request, then and later, as not loaded.
  worker.onerror = () => {
    workerFailed = true;
    for (const answer of waiting.values()) answer({ loaded: false });
    waiting.clear();
  };
  const inWorker = msg => new Promise(answer => {
    if (workerFailed) return answer({ loaded: false });
    const id = nextId++;
    waiting.set(id, answer);
    worker.postMessage({ ...msg, id });
  });

  async function checkVerifier() {
    const check = await inWorker({ check: true });
    if (check.loaded) {
      const how = check.arithmetic === "wasm" ? "WebAssembly" : "BigInt";
      $("verifier-status").textContent = "The JavaScript verifier (zkml4j-verifier.js) is loaded: proofs are checked in this page (field arithmetic: " + how + ").";
      return;
    }
    let why = "zkml4j-verifier.js loaded but defines no zkml4j.verify";
    try {
      await get("/zkml4j-verifier.js", undefined, "bytes");
    } catch (e) {
      why = "/zkml4j-verifier.js: " + e.message;
    }
    $("verifier-status").textContent = "The JavaScript verifier is not available (" + why + "): only the service verifies proofs.";
  }

  $("model").addEventListener("change", modelChosen);
  $("clear").addEventListener("click", clearPad);
  $("sample").addEventListener("click", () => {
    clearPad();
    showDigit(SAMPLE);
  });
  $("prove").addEventListener("click", prove);
  $("tamper").addEventListener("click", tamper);
  clearPad();
  checkVerifier();
  loadModels();
})();

#!/usr/bin/env python3
"""The deletion experiment: delete each verifier check in turn (a source edit), run the tests, record which fail.

Every check listed here must make at least one test fail when deleted; a check whose deletion leaves the suite
green is a hole in the suite. Run from the repository root: tools/soundness/deletion-experiment.py [--markdown FILE] [--only NAME_PART]
(offline Maven; builds the edited modules in the reactor with -am, never installs). Restores every file it edits.
"""
import subprocess, sys, pathlib, re, datetime, os

ROOT = pathlib.Path(__file__).resolve().parents[2]
P = "ml/prover/src/main/java/io/zkml4j/ml/prover/"

# (name, [(file, old, new)], modules to rebuild, tests to run "module:Class#method,..." )
CHECKS = [
    ("padding zero-check (PaddingCheck, both sides)",
     [(P + "GraphProtocol.java", "        PaddingCheck.run(p, adviceTable);\n", ""),
      (P + "GraphProtocol.java", "        PaddingCheck.run(v, null);\n", "")],
     ["ml/prover"], ("ml/prover", "PaddingForgeryTest,PaddedEntryCheatTest,GraphVerifierGuardTest")),
    ("range-check multiplicities claim (GraphProtocol.rangeClaims)",
     [(P + "GraphProtocol.java", "        claims.add(new Claim(c.rangeMultiplicities, lc.multiplicitiesPoint(), lc.multiplicities()));\n", "")],
     ["ml/prover"], ("ml/prover", "LoadBearingChecksTest")),
    ("function-table multiplicities claim (GraphProtocol.ruleClaims)",
     [(P + "GraphProtocol.java", "        claims.add(new Claim(c.ruleMultiplicities.get(rule), lc.multiplicitiesPoint(), lc.multiplicities()));\n", "")],
     ["ml/prover"], ("ml/prover", "LoadBearingChecksTest")),
    ("range limbs' widths claim (GraphProtocol.verify)",
     [(P + "GraphProtocol.java", "            v.check(lc.col0(), widthEval(c, lc.valuesPoint()), \"range lookup: the claimed widths are not the limbs' widths\");\n", "")],
     ["ml/prover"], ("ml/prover", "LoadBearingChecksTest")),
    ("final check of Clamp's zero-check (Relu, Clip)",
     [(P + "Clamp.java", "        s.check(wOpen.sub(cInd).mul(wOpen.sub(vOpen)).mul(Eq.eval(r, t)), sc.value(), label + \": output is neither the bound nor the input\");\n", "")],
     ["ml/prover"], ("ml/prover", "LoadBearingChecksTest")),
    ("absorb of WindowMax's slot values (both sides)",
     [(P + "WindowMax.java", "vals[k] = s instanceof ProverCtx p ? p.send(\"maxpool.slot\", Mle.evaluate(t0[k], pt)) : ((VerifierCtx) s).receive(\"maxpool.slot\");",
       "if (s instanceof ProverCtx p) { GoldilocksExt2 v0 = Mle.evaluate(t0[k], pt); if (p.cheat != null) v0 = p.cheat.message(p.node, \"maxpool.slot\", v0);"
       " p.out.ext(p.pads == null ? v0 : v0.sub(p.pads.next())); vals[k] = Val.of(v0); } else { VerifierCtx vc = (VerifierCtx) s;"
       " GoldilocksExt2 v0 = vc.in.ext(\"maxpool.slot\"); vals[k] = vc.sink == null ? Val.of(v0) : Val.received(vc.sink, v0); }")],
     ["ml/prover"], ("ml/prover", "LoadBearingChecksTest")),
    ("Ligero: the evaluation row gives the claimed value (LigeroPcs.verify)",
     [("core/pcs/src/main/java/io/zkml4j/pcs/LigeroPcs.java", "            if (!got.equals(claim.value)) {", "            if (false) {")],
     ["core/pcs"], ("core/pcs", "LigeroEvalRowCheckTest")),
    ("hiding Ligero: an opening's mask set b within 0..B-1 (HidingLigeroPcs.checkShapes)",
     [("core/pcs/src/main/java/io/zkml4j/pcs/HidingLigeroPcs.java", "            if (p.index < 0 || p.index >= s.openings) throw", "            if (false) throw")],
     ["core/pcs"], ("core/pcs", "HidingLigeroBudgetTest")),
    ("hiding Ligero: a decoded mask set b within 0..B-1 (HidingLigeroProof.readFrom)",
     [("core/pcs/src/main/java/io/zkml4j/pcs/HidingLigeroProof.java", "                if (index >= openings) throw", "                if (false) throw")],
     ["core/pcs"], ("core/pcs", "HidingLigeroBudgetTest")),
    ("hiding Ligero: the mask set b bound before the challenges (absorbOpenings, both sides)",
     [("core/pcs/src/main/java/io/zkml4j/pcs/HidingLigeroPcs.java", "            if (cs.get(i).openings() > 1) t.absorbField(\"hligero.opening\", sets[i]);\n", "")],
     ["core/pcs"], ("core/pcs", "HidingLigeroBudgetTest")),
    ("zk: the advice commitment bound before the first message (GraphProtocol.zkHeader, both sides)",
     [(P + "GraphProtocol.java", "        if (advice != null) advice.absorbInto(t);\n        pads.absorbInto(t);", "        pads.absorbInto(t);")],
     ["ml/prover"], ("ml/prover", "MutationGroup16Test")),
    ("zk: the pad commitment bound before the first message (GraphProtocol.zkHeader, both sides)",
     [(P + "GraphProtocol.java", "        pads.absorbInto(t); // the pads are bound before the first message\n", "")],
     ["ml/prover"], ("ml/prover", "MutationGroup17Test")),
    ("zk: a product's second factor bound to its form (ZkSink.declare)",
     [(P + "ZkSink.java", "        if (lb != null) constraints.add(constraint(lb.sub(Sym.received(GoldilocksExt2.ZERO, vy))));\n", "")],
     ["ml/prover"], ("ml/prover", "MutationGroup16Test")),
    ("zk: the statement checked against the key (GraphProtocol.verifyZk)",
     [(P + "GraphProtocol.java", "        boolean inPublic = vk.visibility.inputPublic(), outPublic = vk.visibility.outputPublic();\n        checkStatement(vk, x, y);\n",
       "        boolean inPublic = vk.visibility.inputPublic(), outPublic = vk.visibility.outputPublic();\n")],
     ["ml/prover"], ("ml/prover", "MutationGroup16Test")),
    ("zero knowledge, public constants: each masked claim tied to its revealed value (GraphProtocol.zkRun)",
     [(P + "GraphProtocol.java", "                constraints.add(sink.constraint(r.value().form().sub(io.zkml4j.sumcheck.Sym.known(v))));\n", "")],
     ["ml/prover"], ("ml/prover", "PublicParamsProofTest")),
    ("zero knowledge, public constants: the binding opening of the revealed claims (GraphProtocol.verifyZk)",
     [(P + "GraphProtocol.java", "        if (opening != null) vk.pcs.verify(List.of(vk.constants), run.publicClaims, opening, run.t);\n", "")],
     ["ml/prover"], ("ml/prover", "PublicParamsProofTest")),
    ("verifying key: a proof kind matching the constants' scheme (VerifyingKey.fromBytes)",
     [(P + "VerifyingKey.java", "        if ((kind == KIND_ZK) != pcs.hiding()) throw", "        if (false) throw")],
     ["ml/prover"], ("ml/prover", "PublicParamsProofTest")),
    ("verifying key: public constants in a zero-knowledge key only with public parameters (VerifyingKey)",
     [(P + "VerifyingKey.java", "            if (!visibility.paramsPublic()) throw", "            if (false) throw")],
     ["ml/prover"], ("ml/prover", "PublicParamsProofTest")),
    ("LogUp: a root denominator is zero (LookupVerifier)",
     [("core/lookup/src/main/java/io/zkml4j/lookup/LookupVerifier.java", "        if (roots[0][1].isZero() || roots[1][1].isZero()) throw new VerificationException(ZERO_ROOT);\n", "")],
     ["core/lookup"], ("core/lookup", "LogUpZeroDenominatorTest,LookupSoundnessTest,RangeCheckTest")),
]


def sh(cmd):
    return subprocess.run(cmd, cwd=ROOT, shell=True, capture_output=True, text=True)


def failing(module, tests):
    sel = f"-Dtest='{tests}' -Dsurefire.failIfNoSpecifiedTests=false" if tests else ""
    r = sh(f"mvn -B -o test -pl {module} -am {sel} 2>&1")
    fails = sorted(set(re.findall(r"^\[ERROR\]\s+(\w+\.\w+)[:(]", r.stdout, re.M)))
    if r.returncode != 0 and not fails:
        fails = ["(build or run failed)"]
    return fails


def main():
    rows = []
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None  # a substring of the checks' names
    for name, edits, rebuild, (module, tests) in CHECKS:
        if only and only not in name:
            continue
        originals = {}
        try:
            for f, old, new in edits:
                path = ROOT / f
                text = originals.setdefault(f, path.read_text())
                cur = path.read_text()
                if old not in cur:
                    raise SystemExit(f"{name}: the check's source is not where expected in {f} (update this script)")
                path.write_text(cur.replace(old, new, 1))
            fails = failing(module, tests)
        finally:
            for f, text in originals.items():
                (ROOT / f).write_text(text)
        rows.append((name, fails))
        print(f"{name}: {'FAILS ' + ', '.join(fails) if fails else 'NO TEST FAILS'}", flush=True)
    sh("mvn -B -q -o compile -pl ml/prover -am")  # leave the classes of the restored sources behind
    if "--markdown" in sys.argv:
        out = ROOT / sys.argv[sys.argv.index("--markdown") + 1]
        jdk = sh("java -version 2>&1 | head -1").stdout.strip()
        lines = [f"Run {datetime.date.today()} ({jdk}): `tools/soundness/deletion-experiment.py`", "",
                 "| check deleted | tests that fail |", "| --- | --- |"]
        lines += [f"| {n} | {', '.join(f) if f else '**none**'} |" for n, f in rows]
        out.write_text("\n".join(lines) + "\n")
    if any(not f for _, f in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()

package org.openeuler.nestos.api.validation;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Compiles and runs Kubernetes {@code x-kubernetes-validations} CEL expressions with dev.cel.
 * {@code self} and {@code oldSelf} are declared {@code dyn} (the value's shape is checked by the
 * structural schema; field typos surface as evaluation errors, not compile errors). Enabled:
 * standard macros, optional syntax ({@code self.?x.orValue(..)}), the strings extension ({@code
 * lowerAscii}, {@code split}, {@code indexOf}...), heterogeneous numeric comparisons, RE2 regexes.
 */
final class CelRuleEngine {

  /** Comprehension iteration cap: a cheap stand-in for the apiserver's runtime cost budget. */
  static final int MAX_ITERATIONS = 100_000;

  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  private static final Cel CEL;

  /** For {@code optionalOldSelf: true} rules: {@code oldSelf} is {@code optional_type(dyn)}. */
  private static final Cel CEL_OPTIONAL_OLD;

  static {
    CEL = build(SimpleType.DYN);
    CEL_OPTIONAL_OLD = build(OptionalType.create(SimpleType.DYN));
  }

  private static Cel build(CelType oldSelfType) {
    CelOptions options =
        CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();
    return CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional())
        .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional())
        .addVar("self", SimpleType.DYN)
        .addVar("oldSelf", oldSelfType)
        .build();
  }

  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, Compiled> CACHE_OPTIONAL_OLD = new ConcurrentHashMap<>();

  private CelRuleEngine() {}

  /** A compiled expression, or its compile error. */
  record Compiled(
      String expression, CelRuntime.Program program, String error, boolean usesOldSelf) {
    boolean ok() {
      return program != null;
    }
  }

  static Compiled compile(String expression) {
    return CACHE.computeIfAbsent(expression, e -> doCompile(CEL, e));
  }

  /**
   * Compiles a rule with {@code optionalOldSelf: true}: bind {@code oldSelf} to a {@link Optional}.
   */
  static Compiled compileOptionalOldSelf(String expression) {
    return CACHE_OPTIONAL_OLD.computeIfAbsent(expression, e -> doCompile(CEL_OPTIONAL_OLD, e));
  }

  private static Compiled doCompile(Cel cel, String expression) {
    boolean usesOldSelf = OLD_SELF.matcher(stripStringLiterals(expression)).find();
    try {
      CelValidationResult result = cel.compile(expression);
      if (result.hasError()) {
        return new Compiled(expression, null, result.getErrorString(), usesOldSelf);
      }
      CelAbstractSyntaxTree ast = result.getAst();
      return new Compiled(expression, cel.createProgram(ast), null, usesOldSelf);
    } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
      return new Compiled(expression, null, String.valueOf(e.getMessage()), usesOldSelf);
    }
  }

  /** Evaluates; {@code oldSelf} may be null (not bound). Throws on evaluation errors. */
  static Object evaluate(Compiled compiled, Object self, Object oldSelf)
      throws CelEvaluationException {
    Map<String, Object> vars = new java.util.HashMap<>();
    vars.put("self", self);
    if (oldSelf != null) {
      vars.put("oldSelf", oldSelf);
    }
    return compiled.program().eval(vars);
  }

  /** Evaluates a message expression; empty when it fails or does not yield a non-blank string. */
  static Optional<String> evaluateMessage(
      String expression, Object self, Object oldSelf, boolean optionalOld) {
    Compiled c = optionalOld ? compileOptionalOldSelf(expression) : compile(expression);
    if (!c.ok()) {
      return Optional.empty();
    }
    try {
      Object r = evaluate(c, self, oldSelf);
      return r instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    } catch (CelEvaluationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String stripStringLiterals(String s) {
    StringBuilder out = new StringBuilder(s.length());
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
        out.append(' ');
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        out.append(' ');
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}

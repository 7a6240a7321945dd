package org.openeuler.nestos.rubik.core.interop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.IoCostDevice;
import org.openeuler.nestos.rubik.core.interop.RubikConfig.LinearParam;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * ioCost device blocks: model {@code linear} only ({@code iocost.go configIOCost}), parameters in
 * (0, 2^63).
 */
final class IoCostParams {
  private IoCostParams() {}

  static Map<String, Object> device(IoCostDevice d, String f, List<FieldError> errors) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (d.dev() == null || d.dev().isEmpty() || d.dev().contains("/")) {
      errors.add(new FieldError(f + ".dev", "must be a block device name under /dev, e.g. sdb"));
    }
    if (!"linear".equals(d.model())) {
      errors.add(new FieldError(f + ".model", "'" + d.model() + "' is not supported (linear)"));
    }
    m.put("dev", d.dev());
    m.put("model", d.model());
    LinearParam p =
        d.param() == null ? new LinearParam(null, null, null, null, null, null) : d.param();
    Map<String, Object> param = new LinkedHashMap<>();
    param.put("rbps", positive(errors, f + ".param.rbps", p.rbps()));
    param.put("rseqiops", positive(errors, f + ".param.rseqiops", p.rseqiops()));
    param.put("rrandiops", positive(errors, f + ".param.rrandiops", p.rrandiops()));
    param.put("wbps", positive(errors, f + ".param.wbps", p.wbps()));
    param.put("wseqiops", positive(errors, f + ".param.wseqiops", p.wseqiops()));
    param.put("wrandiops", positive(errors, f + ".param.wrandiops", p.wrandiops()));
    m.put("param", param);
    return m;
  }

  private static Long positive(List<FieldError> errors, String f, Long v) {
    if (v == null || v <= 0) {
      errors.add(
          new FieldError(
              f, (v == null ? "must be set" : v + " is out of range") + ", in (0, 2^63)"));
    }
    return v;
  }
}

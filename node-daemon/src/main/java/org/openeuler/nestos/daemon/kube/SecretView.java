package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** A Secret's data (base64 values by key), the only part of a pull secret the daemon reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretView(String type, Map<String, String> data) {}

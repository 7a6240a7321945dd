package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The test OSVersion CRD (src/test/resources/crds) and a registry holding it next to the built-ins. */
public final class TestCrds {

    public static final String OSVERSION = "crds/osversions.nestos.openeuler.org-test.yml";

    private TestCrds() {
    }

    public static JsonNode osVersionCrd() {
        return ProjectCrds.load(List.of(OSVERSION)).get(0);
    }

    public static ResourceRegistry registry() {
        ResourceRegistry registry = ResourceRegistry.withBuiltins();
        registry.addCrd(osVersionCrd());
        return registry;
    }
}

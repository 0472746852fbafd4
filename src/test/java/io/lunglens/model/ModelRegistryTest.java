package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    @Test
    void listsShippedAndUserBundlesAndRemembersTheActiveOne() throws Exception {
        Path shipped = tmp.resolve("repo/models");
        Path home = tmp.resolve("home");
        ModelRegistry reg = new ModelRegistry(shipped, home);
        assertEquals(Optional.empty(), reg.active());
        assertThrows(ModelBundleException.class, () -> reg.resolve(null));

        try (ModelBundle b = ModelBundle.fresh(TestImages.tinyCard("demo", 64))) {
            ModelBundle.save(shipped.resolve("demo"), b.network(), b.card());
            ModelBundle.save(reg.userModels().resolve("mine"), b.network(), b.card().withVersion("7"));
        }
        Files.createDirectories(shipped.resolve("not-a-bundle"));

        List<ModelRegistry.Entry> all = reg.list();
        assertEquals(List.of(shipped.resolve("demo"), reg.userModels().resolve("mine")),
                all.stream().map(ModelRegistry.Entry::dir).toList());
        assertEquals("7", all.get(1).card().version());

        assertEquals(Optional.of(shipped.resolve("demo")), reg.active(), "demo is the default");
        reg.setActive(reg.userModels().resolve("mine"));
        ModelRegistry again = new ModelRegistry(shipped, home);
        assertEquals(reg.userModels().resolve("mine").toAbsolutePath(), again.active().orElseThrow());
        assertEquals(again.active().orElseThrow(), again.resolve(null));
        assertEquals(reg.userModels().resolve("mine"), again.resolve("mine"));
        assertTrue(Files.isDirectory(again.resolve(shipped.resolve("demo").toString())));
        assertThrows(ModelBundleException.class, () -> again.resolve("nope"));
    }
}

package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OptionGroupsTest {
  @Test
  void everyBrickBoxOptionIsInExactlyOneGroup() {
    List<String> listed = OptionGroups.listedNames();
    assertEquals(listed.size(), new TreeSet<>(listed).size(), "an option listed twice: " + listed);
    assertEquals(new TreeSet<>(OptionGroups.options().keySet()), new TreeSet<>(listed),
        "every option of BrickBoxOptions, ProgressOptions and StoreOptions belongs to a group");
    OptionGroups.Option photos = OptionGroups.groups().stream().flatMap(g -> g.options().stream())
        .filter(o -> o.name().equals("photos")).findFirst().orElseThrow();
    assertEquals("(empty)", photos.defaultValue());
    assertEquals("String", photos.type());
    assertTrue(photos.description().startsWith("A folder of your own labelled photos"));
  }

  @Test
  void runHelpPrintsBrickBoxOptionsByStageBeforeTheRunnersOnes() {
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(org.brickbox.pipeline.cli.BrickBoxCli.OK,
        new org.brickbox.pipeline.cli.BrickBoxCli(out, out).execute(new String[] {"run", "--help"}));
    String help = text.toString(java.nio.charset.StandardCharsets.UTF_8);
    int previous = -1;
    for (OptionGroups.Group group : OptionGroups.groups()) {
      int at = help.indexOf("\n" + group.title() + ":\n");
      assertTrue(at > previous, group.title() + " in order:\n" + help);
      previous = at;
    }
    int runner = help.indexOf("Runner and cloud options");
    assertTrue(runner > previous && help.indexOf("  --photos=<String>") < runner, help);
    assertTrue(help.indexOf("--runner=", runner) > runner, "Beam's own options follow");
    assertTrue(!help.contains("org.brickbox.pipeline.BrickBoxOptions:"), "BrickBox's options are not shown twice");
  }
}

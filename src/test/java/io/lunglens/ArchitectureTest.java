package io.lunglens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/** The package rules of docs/architecture: logic never sees JavaFX, the UI never does tensor math. */
@AnalyzeClasses(packages = "io.lunglens", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule logicDoesNotImportJavaFx = noClasses()
            .that().resideOutsideOfPackage("io.lunglens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.kordamp.ikonli..")
            .because("logic must run headless, from the CLI and in tests");

    @ArchTest
    static final ArchRule imagingSynthAndTaskDoNotImportDjl = noClasses()
            .that().resideInAnyPackage("io.lunglens.imaging..", "io.lunglens.synth..", "io.lunglens.task..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
            .because("pixels and phantoms come before the model");

    @ArchTest
    static final ArchRule uiDoesNoTensorMath = noClasses()
            .that().resideInAnyPackage("io.lunglens.ui..", "io.lunglens.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl.ndarray..", "ai.djl.training..", "ai.djl.nn..")
            .because("front ends call the model package, they do no NDArray math");

    @ArchTest
    static final ArchRule imagingIsTheBottomLayer = noClasses()
            .that().resideInAnyPackage("io.lunglens.imaging..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.model..", "io.lunglens.training..",
                    "io.lunglens.scan..", "io.lunglens.ui..", "io.lunglens.cli..", "io.lunglens.synth..")
            .because("data flows from imaging upwards, never back");

    @ArchTest
    static final ArchRule modelDoesNotReachUp = noClasses()
            .that().resideInAnyPackage("io.lunglens.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.training..", "io.lunglens.scan..",
                    "io.lunglens.ui..", "io.lunglens.cli..")
            .because("the model is used by training, scan and the front ends, not the other way round");

    @ArchTest
    static final ArchRule gradientsOnlyThroughGradientScope = noClasses()
            .that().doNotHaveFullyQualifiedName("io.lunglens.model.GradientScope")
            .should().callMethod(ai.djl.engine.Engine.class, "newGradientCollector")
            .orShould().callMethod(ai.djl.training.Trainer.class, "newGradientCollector")
            .because("DJL allows one gradient collector per process; GradientScope makes Grad-CAM and training take turns");

    @ArchTest
    static final ArchRule gateStandsBeforeTheModel = CompositeArchRule
            .of(noClasses().that().resideInAnyPackage("io.lunglens.gate..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.training..",
                            "io.lunglens.scan..", "io.lunglens.ui..", "io.lunglens.cli..")
                    .because("the gate runs before every verdict, for all front ends"))
            .and(noClasses().that().haveNameMatching("io\\.lunglens\\.gate\\.Frontal.*")
                    .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                    .because("the frontal check is pure Java: fast, deterministic and independent of the model"));

    @ArchTest
    static final ArchRule logicDoesNotCallFrontEnds = noClasses()
            .that().resideInAnyPackage("io.lunglens.training..", "io.lunglens.scan..", "io.lunglens.synth..",
                    "io.lunglens.task..", "io.lunglens.report..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.ui..", "io.lunglens.cli..")
            .because("the GUI and the CLI are two front ends over the same jobs");

    @ArchTest
    static final ArchRule reportsDrawAndComputeNothing = noClasses()
            .that().resideInAnyPackage("io.lunglens.report..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.ui..", "io.lunglens.cli..",
                    "io.lunglens.scan..", "ai.djl..")
            .because("a report lays out what a front end or a job already found; it runs no model and no evaluation");

    @ArchTest
    static final ArchRule drawingKnowsNoResults = noClasses()
            .that().resideInAnyPackage("io.lunglens.report.draw..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.training..", "io.lunglens.model..",
                    "io.lunglens.gate..", "io.lunglens.scan..")
            .orShould().dependOnClassesThat().resideInAPackage("io.lunglens.report")
            .because("pages and charts are drawn from plain values, so training can draw its charts without a cycle");

    @ArchTest
    static final ArchRule pacsKnowsNoModel = noClasses()
            .that().resideInAnyPackage("io.lunglens.pacs..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.model..", "io.lunglens.training..",
                    "io.lunglens.scan..", "io.lunglens.gate..", "io.lunglens.report..", "io.lunglens.ui..",
                    "io.lunglens.cli..", "ai.djl..", "javafx..")
            .because("the PACS client moves images and results; it neither runs nor knows the model");

    @ArchTest
    static final ArchRule onlyFrontEndsUseThePacs = noClasses()
            .that().resideInAnyPackage("io.lunglens.imaging..", "io.lunglens.model..", "io.lunglens.training..",
                    "io.lunglens.scan..", "io.lunglens.gate..", "io.lunglens.synth..", "io.lunglens.task..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lunglens.pacs..")
            .because("a PACS is one more source and destination of the front ends, not part of the data path's logic");
}

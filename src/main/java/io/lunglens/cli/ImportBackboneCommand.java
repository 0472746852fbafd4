package io.lunglens.cli;

import io.lunglens.model.Architecture;
import io.lunglens.model.BackboneDownload;
import io.lunglens.model.BackboneImport;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens import-backbone SOURCE --out NAME : torchvision ResNet50 weights into a backbone bundle. */
@Command(name = "import-backbone",
        description = "Import torchvision ResNet50 weights (TorchScript .pt, or a state dict as .npz/.safetensors)"
                + " as a backbone that training can start from (lunglens train --init NAME).")
final class ImportBackboneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "Weights file; omit it with --download.")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "NAME", description = "Backbone name (saved in the user model folder) or a folder path.")
    String out;

    @Option(names = "--describe", paramLabel = "TEXT", defaultValue = BackboneImport.IMAGENET,
            description = "What the weights are, for the model card (default: ${DEFAULT-VALUE}).")
    String describe;

    @Option(names = "--download", description = "Fetch the ImageNet ResNet50 from DJL's model zoo (needs internet; cached).")
    boolean download;

    @Option(names = "--check-logits", description = "Also run a TorchScript file's own program in libtorch and check"
            + " that the imported backbone reproduces its outputs. WARNING: this executes code from the file inside"
            + " LungLens; use it only on files from a source you trust. Without it the file is only read as data.")
    boolean checkLogits;

    @Option(names = "--arch", defaultValue = "resnet50-lstm", hidden = true)
    String arch;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((source == null) == !download) {
            err.println("lunglens import-backbone: give either a SOURCE file or --download");
            return 2;
        }
        Path from = source;
        if (download) {
            try {
                o.println("downloading the ImageNet ResNet50 from DJL's model zoo (about 100 MB, cached) ...");
                o.flush();
                from = BackboneDownload.imagenetResnet50();
            } catch (IOException e) {
                err.println("lunglens import-backbone: " + e.getMessage());
                return 1;
            }
        }
        Path target = out.contains("/") ? Path.of(out) : ModelRegistry.standard().userModels().resolve(out);
        try {
            BackboneImport.Result r = BackboneImport.run(from, target, target.getFileName().toString(),
                    Architecture.byName(arch), describe, checkLogits);
            o.printf(Locale.ROOT, "imported %d tensors from %s (%d left out: the ImageNet classifier and BatchNorm"
                    + " counters)%n", r.imported(), from, r.ignored());
            if (r.checkedLogits() > 0) {
                o.printf(Locale.ROOT, "checked: the file's own %d outputs reproduced, max relative error %.2g%n",
                        r.checkedLogits(), r.relativeError());
            }
            o.printf(Locale.ROOT, "saved backbone %s (%s)%n", target, describe);
            o.println("train from it: lunglens train DIR --init " + out + " [--freeze-epochs 2] [--backbone-lr-factor 0.1]");
            return 0;
        } catch (ModelBundleException e) {
            err.println("lunglens import-backbone: " + e.getMessage());
            return 1;
        }
    }
}

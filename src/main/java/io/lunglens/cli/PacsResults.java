package io.lunglens.cli;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.CamOverlay;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelCard;
import io.lunglens.pacs.BurnIn;
import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.Instance;
import io.lunglens.pacs.SecondaryCapture;
import io.lunglens.scan.ScanRow;
import io.lunglens.task.AppVersion;
import io.lunglens.task.Progress;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends scan results back into the films' studies: per film with a verdict, a Secondary Capture of the film with its
 * Grad-CAM evidence and the verdict burned in, as a new series.
 */
final class PacsResults {

    /** The series description of every result: what it is, and that it is no diagnosis. */
    static final String DESCRIPTION = "LungLens AI result - research use only";

    private PacsResults() {
    }

    /** Sends the rows with a verdict (readable, passed by the gate); returns how many were sent. */
    static int send(DicomWebClient client, Classifier classifier, Map<Path, Instance> files, List<ScanRow> rows,
                    Progress progress) throws ImageLoadException {
        List<ScanRow> shown = rows.stream().filter(r -> !r.isError() && !r.isGated()).toList();
        ModelCard card = classifier.card();
        int sent = 0;
        for (ScanRow r : shown) {
            progress.checkCancelled();
            Instance film = files.get(r.path().toAbsolutePath().normalize());
            if (film == null) {
                continue;
            }
            XrayImage image = ImageLoader.load(r.path());
            BufferedImage picture = BurnIn.compose(CamOverlay.render(image, classifier.explain(image)),
                    lines(r, card));
            SecondaryCapture.Written sc = SecondaryCapture.write(picture, client.source(film), DESCRIPTION,
                    comments(card), AppVersion.TITLE);
            client.store(film.studyUid(), List.of(sc.bytes()));
            progress.update(++sent, shown.size(), "sent " + sent + " of " + shown.size() + " results");
        }
        return sent;
    }

    static List<String> lines(ScanRow r, ModelCard card) {
        return List.of(String.format(Locale.ROOT, "LungLens verdict: %s   P(%s) = %.2f", r.label(),
                        card.positiveClass(), r.calibrated()),
                "Model " + card.id() + "; colour: Grad-CAM evidence (where the network looked)",
                ModelCard.INTENDED_USE);
    }

    /** The model card's name, version and weights checksum, for the image comments. */
    static String comments(ModelCard card) {
        return "Model " + card.name() + " version " + card.version() + ", weights sha256 "
                + (card.weightsSha256() == null ? "unknown" : card.weightsSha256()) + ". " + ModelCard.INTENDED_USE
                + ".";
    }
}

package io.lunglens.pacs;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chest films as a PACS holds them: the real sample radiographs of assets/samples (see its ATTRIBUTION.md) wrapped
 * into DICOM DX or CR files with our writer, each with its patient, study date and modality.
 */
public final class Films {

    /** One film to write. */
    public record Film(String sample, String patientId, String patientName, String date, String modality, String studyUid,
                String seriesUid, String instanceUid) {
    }

    public static final String STUDY_A = "1.2.826.0.1.3680043.9.7133.20.1";
    public static final String STUDY_B = "1.2.826.0.1.3680043.9.7133.20.2";
    public static final String STUDY_C = "1.2.826.0.1.3680043.9.7133.20.3";

    /** Two patients, three studies: A (DX, two films), B (CR, same patient, later), C (CT: no radiograph). */
    public static final List<Film> ALL = List.of(
            new Film("covid/hann_0a7faa2a.png", "LL-001", "TEST^ALICE", "20240110", "DX", STUDY_A,
                    STUDY_A + ".1", STUDY_A + ".1.1"),
            new Film("normal/nih_00001280_004.png", "LL-001", "TEST^ALICE", "20240110", "DX", STUDY_A,
                    STUDY_A + ".1", STUDY_A + ".1.2"),
            new Film("normal/nih_00001281_000.png", "LL-001", "TEST^ALICE", "20240305", "CR", STUDY_B,
                    STUDY_B + ".1", STUDY_B + ".1.1"),
            new Film("covid/hann_1d435a4b.png", "LL-002", "TEST^BOB", "20240620", "CT", STUDY_C,
                    STUDY_C + ".1", STUDY_C + ".1.1"));

    private Films() {
    }

    /** Writes every film into dir; returns the files in the order of {@link #ALL}. */
    public static List<Path> write(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (Film f : ALL) {
            Path file = dir.resolve(f.instanceUid() + ".dcm");
            Files.write(file, bytes(f));
            files.add(file);
        }
        return files;
    }

    private static byte[] bytes(Film f) throws Exception {
        XrayImage img = ImageLoader.load(Path.of("assets/samples", f.sample()));
        byte[] pixels = new byte[img.width() * img.height()];
        int[] values = img.pixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) values[i];
        }
        String sopClass = f.modality().equals("CR") ? "1.2.840.10008.5.1.4.1.1.1" : "1.2.840.10008.5.1.4.1.1.1.1";
        return new DicomWriter()
                .text(0x00080016, "UI", sopClass)
                .text(0x00080018, "UI", f.instanceUid())
                .text(0x00080020, "DA", f.date())
                .text(0x00080030, "TM", "101500")
                .text(0x00080050, "SH", "ACC" + f.date())
                .text(0x00080060, "CS", f.modality())
                .text(0x00100010, "PN", f.patientName())
                .text(0x00100020, "LO", f.patientId())
                .text(0x00100030, "DA", "19700101")
                .text(0x00100040, "CS", "F")
                .text(0x0020000D, "UI", f.studyUid())
                .text(0x0020000E, "UI", f.seriesUid())
                .text(0x00200010, "SH", "1")
                .text(0x00200011, "IS", "1")
                .text(0x00200013, "IS", f.instanceUid().substring(f.instanceUid().lastIndexOf('.') + 1))
                .us(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, img.height())
                .us(0x00280011, img.width())
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0)
                .binary(0x7FE00010, "OB", pixels)
                .toPart10(sopClass, f.instanceUid());
    }
}

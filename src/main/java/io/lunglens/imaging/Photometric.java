package io.lunglens.imaging;

/** How stored values map to brightness. MONOCHROME1 shows low values as white (DICOM PS3.3 C.7.6.3.1.2). */
public enum Photometric {
    MONOCHROME1,
    MONOCHROME2
}

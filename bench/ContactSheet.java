import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Contact sheet of a phantom folder: a row block of COVID phantoms, one of normal phantoms, and real samples
 * beside them for comparison. Usage: java bench/ContactSheet.java PHANTOM_DIR OUT.png COUNT REAL.png...
 */
public final class ContactSheet {

    private static final int TILE = 192;
    private static final int GAP = 6;
    private static final int LABEL = 26;

    public static void main(String[] args) throws IOException {
        File dir = new File(args[0]);
        File out = new File(args[1]);
        int count = Integer.parseInt(args[2]);
        int reals = args.length - 3;
        int cols = 8;
        int rows = (count + cols - 1) / cols;
        int gridW = cols * (TILE + GAP);
        int realTile = 2 * TILE + GAP;
        int width = GAP + gridW + (reals > 0 ? GAP * 3 + realTile : 0);
        int blockH = LABEL + rows * (TILE + GAP);
        int height = GAP + 2 * blockH + GAP + LABEL;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(24, 26, 30));
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        String[] labels = {"COVID", "Normal"};
        for (int b = 0; b < 2; b++) {
            int y0 = GAP + b * blockH;
            g.setColor(b == 0 ? new Color(255, 170, 90) : new Color(130, 200, 255));
            g.drawString("Synthetic " + labels[b] + " phantoms (standard difficulty)", GAP, y0 + 18);
            for (int k = 0; k < count; k++) {
                File f = new File(dir, labels[b] + "/images/" + labels[b] + "-" + (k + 1) + ".png");
                BufferedImage img = ImageIO.read(f);
                int x = GAP + (k % cols) * (TILE + GAP);
                int y = y0 + LABEL + (k / cols) * (TILE + GAP);
                g.drawImage(img, x, y, TILE, TILE, null);
            }
        }
        int rx = GAP + gridW + GAP * 2;
        for (int r = 0; r < reals; r++) {
            File f = new File(args[3 + r]);
            BufferedImage img = ImageIO.read(f);
            int y0 = GAP + r * blockH;
            g.setColor(new Color(200, 230, 160));
            g.drawString("Real: " + f.getName(), rx, y0 + 18);
            int h = Math.min(realTile, realTile * img.getHeight() / img.getWidth());
            g.drawImage(img, rx, y0 + LABEL, realTile, h, null);
        }
        g.setColor(new Color(170, 170, 170));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("LungLens synthetic phantoms are not patients. Real images: see assets/samples/ATTRIBUTION.md.",
                GAP, height - 10);
        g.dispose();
        ImageIO.write(sheet, "png", out);
    }
}

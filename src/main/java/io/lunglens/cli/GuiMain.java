package io.lunglens.cli;

/** The app-image's window launcher (bin/LungLens): {@code lunglens gui} with the launcher's arguments. */
public final class GuiMain {

    private GuiMain() {
    }

    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "gui";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.main(all);
    }
}

// Common given names across languages (US SSA and ONS top lists, and frequent names of Western and
// Southern Europe, Latin America, India, China, the Arab world, Africa and Eastern Europe), for
// the name recognizer. Only capitalised words are compared; words that are more often ordinary
// English (May, Will, Bill, Mark, Grace, Hope, …) are left out to keep column names and prose clean.
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  (
    "Aaron Abdul Abigail Adam Adriana Ahmed Aisha Alan Albert Alejandro Alexander Alexandra Alice Alicia " +
    "Alina Alison Amanda Amelia Amir Amy Ana Anastasia Andrea Andrew Angela Anil Anita Ann Anna Anne " +
    "Anthony Antonio Arjun Arthur Ashley Barbara Benjamin Beth Betty Brandon Brenda Brian Bruno Camila " +
    "Carlos Carmen Carol Caroline Catherine Charles Charlotte Chen Chloe Christian Christina Christine " +
    "Christopher Claire Claudia Cynthia Daniel Daniela David Deborah Debra Deepak Denise Dennis Diana " +
    "Diego Dmitri Donald Donna Dorothy Douglas Dylan Edward Elena Elizabeth Ella Emily Emma Eric Eva " +
    "Fatima Fernando Francesca Francisco Frank Gabriel Gabriela Gary George Giorgio Giulia Giuseppe " +
    "Gregory Hannah Hans Harold Harry Hassan Heather Helen Henry Hiroshi Hugo Ian Igor Ingrid Irina " +
    "Isabel Isabella Ivan Jack Jacob Jacqueline James Jan Janet Janice Jason Javier Jean Jeffrey " +
    "Jennifer Jeremy Jerry Jessica Joan Joe John Jonathan Jorge Jose Joseph Joshua Joyce Juan Judith " +
    "Julia Julian Julie Justin Karen Karim Katarzyna Katherine Kathleen Kathryn Keith Kelly Kenneth " +
    "Kevin Kimberly Klaus Kyle Larry Laura Lauren Leonardo Li Liam Linda Lisa Lorenzo Louis Lucas Lucia " +
    "Luis Luca Lukas Maria Marie Marco Margaret Mario Marta Martha Martin Mary Mateo Matthew Maurice " +
    "Megan Mehmet Melissa Michael Michelle Miguel Mohamed Mohammed Muhammad Nancy Natalia Natalie Nathan " +
    "Nicholas Nicole Nikolai Noah Nora Olga Olivia Omar Oscar Pablo Pamela Patricia Patrick Paul Paula " +
    "Pedro Peter Philip Pierre Pietro Priya Rachel Rahul Rajesh Ralph Raymond Rebecca Richard Robert " +
    "Roberto Ronald Rosa Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sergei Sharon Shirley " +
    "Sofia Sophia Sophie Stephanie Stephen Steven Susan Sven Tatiana Teresa Thomas Timothy Tyler Valentina " +
    "Victoria Vincent Virginia Walter Wei William Yuki Yusuf Zachary Zoe"
  ).split(" "),
);
